from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'crl-renew.service.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_name = resolve('name')
    l_0_publish = resolve('publish')
    l_0_prefix = resolve('prefix')
    pass
    yield '# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield "\n# The guide's automatic renewal: needs the root key and its passphrase on this host.\n[Unit]\nDescription=Re-sign the root CRL of "
    yield str((undefined(name='name') if l_0_name is missing else l_0_name))
    yield ' when it is due\n\n[Service]\nType=oneshot\nExecStart='
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'script_dir'))
    yield '/'
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'renew_unit'))
    yield '\nProtectSystem=strict\nReadWritePaths='
    yield str((undefined(name='prefix') if l_0_prefix is missing else l_0_prefix))
    yield ' '
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'web_root'))
    yield '\nPrivateTmp=yes\nPrivateNetwork=yes\nNoNewPrivileges=yes\n'

blocks = {}
debug_info = '1=16&4=18&8=20&10=24'