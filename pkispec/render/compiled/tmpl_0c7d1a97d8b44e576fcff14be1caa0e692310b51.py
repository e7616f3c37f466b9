from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'nginx-site.conf.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_proxy = resolve('proxy')
    l_0_step = resolve('step')
    pass
    yield '# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield '\n# nginx in front of '
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'upstream'))
    yield ' as '
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'server_name'))
    yield ', with a certificate from step-ca\n# (obtain-certificate.sh)'
    yield str((" and client certificates from the spec's CA" if environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'mtls') else ''))
    yield '.\n# Install: /etc/nginx/sites-available/'
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'server_name'))
    yield '.conf, linked from sites-enabled,\n# after obtain-certificate.sh has made '
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'certs_dir'))
    yield '/'
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'server_name'))
    yield '.crt.\nserver {\n    listen 443 ssl;\n'
    if environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'ipv6'):
        pass
        yield '    listen [::]:443 ssl;\n'
    yield '    server_name '
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'server_name'))
    yield ';\n\n    ssl_certificate '
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'certs_dir'))
    yield '/'
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'server_name'))
    yield '.crt;\n    ssl_certificate_key '
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'certs_dir'))
    yield '/'
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'server_name'))
    yield '.key;\n    ssl_protocols TLSv1.2 TLSv1.3;\n'
    if environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'mtls'):
        pass
        yield '\n    # the root and the intermediate that signs client certificates\n    ssl_client_certificate '
        yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'certs_dir'))
        yield '/client-cas.pem;\n    ssl_verify_client on;\n    ssl_verify_depth 2;\n'
        if environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'crl_file'):
            pass
            yield "    # the root's and step-ca's CRLs, refreshed by "
            yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'unit'))
            yield '.timer; nginx refuses\n    # every client once one of them has expired\n    ssl_crl '
            yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'crl_file'))
            yield ';\n'
        else:
            pass
            yield '    # no CRL: step-ca '
            yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'version'))
            yield ' makes none for nginx to check (ca_server.crl), so a\n    # revoked client is refused only once its certificate has expired\n'
    yield '\n    location / {\n        proxy_pass http://'
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'upstream'))
    yield ';\n        proxy_set_header Host $host;\n        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n        proxy_set_header X-Forwarded-Proto https;\n'
    if environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'mtls'):
        pass
        yield '        proxy_set_header X-Client-Subject $ssl_client_s_dn;\n'
    yield '    }\n}\n'

blocks = {}
debug_info = '1=15&2=17&3=21&4=23&5=25&8=29&11=33&13=35&14=39&16=43&19=46&22=48&23=51&25=53&27=58&33=61&37=63'