from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'step-ca.service.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_step = resolve('step')
    l_0_paths = resolve('paths')
    pass
    yield '# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield '\n# step-ca, the online CA "'
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'name'))
    yield '". Install: /etc/systemd/system/'
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'unit'))
    yield '.service\n[Unit]\nDescription=step-ca, the online certificate authority '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'name'))
    yield '\nAfter=network-online.target'
    yield str((' mariadb.service mysql.service' if (environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'db_type') == 'mysql') else ''))
    yield '\nWants=network-online.target\n\n[Service]\nUser='
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'user'))
    yield '\nGroup='
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'user'))
    yield '\nEnvironment=STEPPATH='
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'steppath'))
    yield '\n# step-ca reads its flags before the path of ca.json\nExecStart='
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'binary'))
    yield ' --password-file='
    yield str(context.call(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'path'), environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'password')))
    yield ' '
    yield str(context.call(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'path'), environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'ca_json')))
    yield '\nRestart=on-failure\nRestartSec=5s\n# binds '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'address'))
    yield ' without running as root and without setcap on the binary\nAmbientCapabilities=CAP_NET_BIND_SERVICE\nCapabilityBoundingSet=CAP_NET_BIND_SERVICE\nNoNewPrivileges=yes\nProtectSystem=full\nProtectHome=yes\nPrivateTmp=yes\n'
    if environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'db_path'):
        pass
        yield 'ReadWritePaths='
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'db_path'))
        yield '\n'
    yield '\n[Install]\nWantedBy=multi-user.target\n'

blocks = {}
debug_info = '1=15&2=17&4=21&5=23&9=25&10=27&11=29&13=31&16=37&23=39&24=42'