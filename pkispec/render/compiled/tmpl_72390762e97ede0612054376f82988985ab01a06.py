from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_withdraw-root.sh.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_trust = resolve('trust')
    try:
        t_1 = environment.filters['shq']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'shq' found.")
    pass
    yield 'link=/etc/ssl/certs/'
    yield str(t_1((environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'name') + '.pem')))
    yield '\nwithdraw() { # the installed root leaves the system store and every store its hooks feed\n  local hook\n  rm -f -- "$target"\n  if [[ -L $link ]]; then\n    rm -f -- "$link"\n    # and openssl\'s hash link to it, which update-ca-certificates leaves dangling\n    find "${link%/*}" -maxdepth 1 -type l -lname "${link##*/}" -delete\n    # update-ca-certificates reports no removal of a local certificate, and a replaced one\n    # under the same name not even as added: its hooks (Java\'s keystore among them) would\n    # keep the old root. Tell them as it tells them, one "-" line on stdin.\n    for hook in $(run-parts --test /etc/ca-certificates/update.d); do\n      printf -- \'-%s\\n\' "$link" | "$hook" || die "$hook did not take the removal of $link"\n    done\n  fi\n  update-ca-certificates\n  printf \'removed: %s, from every store\\n\' "$target"\n}\n'

blocks = {}
debug_info = '1=19'