from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'nginx-certificate.service.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_proxy = resolve('proxy')
    l_0_name = resolve('name')
    pass
    yield '# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield '\n[Unit]\nDescription=Renew the certificate of '
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'server_name'))
    yield ' from step-ca ('
    yield str((undefined(name='name') if l_0_name is missing else l_0_name))
    yield ")\nWants=network-online.target\nAfter=network-online.target\n\n[Service]\nType=oneshot\n# certbot trusts step-ca by the spec's root, whatever the system store holds\nEnvironment=REQUESTS_CA_BUNDLE="
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'root_file'))
    yield '\nExecStart=/usr/bin/certbot renew --cert-name '
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'server_name'))
    yield ' --no-random-sleep-on-renew --quiet\n'

blocks = {}
debug_info = '1=15&3=17&10=21&11=23'