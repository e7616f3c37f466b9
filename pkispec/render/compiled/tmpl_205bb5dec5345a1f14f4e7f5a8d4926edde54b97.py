from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'crl-check.service.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_name = resolve('name')
    l_0_publish = resolve('publish')
    pass
    yield '# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield '\n[Unit]\nDescription=Check that the published root CRL of '
    yield str((undefined(name='name') if l_0_name is missing else l_0_name))
    yield ' is fresh\n\n[Service]\nType=oneshot\nExecStart='
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'script_dir'))
    yield '/'
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'check_unit'))
    yield '\nDynamicUser=yes\nProtectSystem=strict\nProtectHome=yes\nPrivateTmp=yes\nPrivateNetwork=yes\nNoNewPrivileges=yes\n'

blocks = {}
debug_info = '1=15&3=17&7=19'