from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'nginx-crl.conf.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_publish = resolve('publish')
    pass
    yield '# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield '\n# The CRL host of the guide: serves the root CRL (DER, application/pkix-crl)'
    yield str((' and the root certificate for download' if environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'serve_root') else ''))
    yield '.\n# Install: /etc/nginx/sites-available/'
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'site_name'))
    yield '.conf, linked from sites-enabled.\nserver {\n'
    for l_1_value in environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'listen'):
        _loop_vars = {}
        pass
        yield '    listen '
        yield str(l_1_value)
        yield ';\n'
    l_1_value = missing
    yield '    server_name '
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'server_name'))
    yield ';\n    root '
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'web_root'))
    yield ';\n'
    for l_1_e in environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'served'):
        _loop_vars = {}
        pass
        yield '\n    location = '
        yield str(environment.getattr(l_1_e, 'url_path'))
        yield ' {\n        types { }\n        default_type '
        yield str(environment.getattr(l_1_e, 'media_type'))
        yield ';\n    }\n'
    l_1_e = missing
    yield '\n    location / {\n        return 404;\n    }\n}\n'

blocks = {}
debug_info = '1=14&2=16&3=18&5=20&6=24&8=28&9=30&10=32&12=36&14=38'