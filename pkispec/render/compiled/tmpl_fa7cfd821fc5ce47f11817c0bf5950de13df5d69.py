from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'uninstall-root.sh.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_trust = resolve('trust')
    l_0_directory = resolve('directory')
    try:
        t_1 = environment.filters['shq']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'shq' found.")
    pass
    yield '#!/usr/bin/env bash\n# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield '\n# Take the root "'
    yield str(environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'common_name'))
    yield '" out of a Debian or Ubuntu machine\'s trust, as root:\n# '
    yield str((undefined(name='directory') if l_0_directory is missing else l_0_directory))
    yield '/'
    yield str(environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'name'))
    yield '.crt goes, and the root leaves the system store\n# and every store update-ca-certificates\' hooks feed (Java\'s, with ca-certificates-java).\n# Usage: uninstall-root.sh\nset -euo pipefail\numask 022\n\ndie() {\n  printf \'error: %s\\n\' "$1" >&2\n  exit 1\n}\n\n(($# == 0)) || die "usage: $0"\ntarget='
    yield str(t_1(((((undefined(name='directory') if l_0_directory is missing else l_0_directory) + '/') + environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'name')) + '.crt')))
    yield '\n'
    template = environment.get_template('_withdraw-root.sh.j2', 'uninstall-root.sh.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '\nif [[ ! -e $target && ! -L $link ]]; then\n  printf \'ok: %s is not installed\\n\' "$target"\n  exit 0\nfi\nwithdraw\nprintf \'ok: %s is trusted no more\\n\' '
    yield str(t_1(environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'common_name')))
    yield '\n'

blocks = {}
debug_info = '2=21&3=23&4=25&16=29&17=31&24=38'