from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'nginx-acme.conf.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_proxy = resolve('proxy')
    pass
    yield '# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield '\n# Port 80 of '
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'server_name'))
    yield ": answers step-ca's http-01 challenges from the webroot\n# that obtain-certificate.sh gives certbot, and sends everything else to https.\n# Install it first: /etc/nginx/sites-available/"
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'server_name'))
    yield '-acme.conf, linked from\n# sites-enabled; nginx must serve it before the first certificate can be ordered.\nserver {\n    listen 80;\n'
    if environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'ipv6'):
        pass
        yield '    listen [::]:80;\n'
    yield '    server_name '
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'server_name'))
    yield ';\n\n    location /.well-known/acme-challenge/ {\n        root '
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'certs_dir'))
    yield '/acme;\n    }\n\n    location / {\n        return 301 https://$host$request_uri;\n    }\n}\n'

blocks = {}
debug_info = '1=14&2=16&4=18&8=20&11=24&14=26'