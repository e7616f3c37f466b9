from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_runbook-revoke-edge.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_step = resolve('step')
    l_0_edge = resolve('edge')
    l_0_proxy = resolve('proxy')
    l_0_t = resolve('t')
    l_0_n = l_0_checking = missing
    pass
    l_0_n = (4 if (undefined(name='step') if l_0_step is missing else l_0_step) else 3)
    context.vars['n'] = l_0_n
    context.exported_vars.add('n')
    l_0_checking = (((environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'nginx') and environment.getattr(environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'nginx'), 'mtls')) or (environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'caddy') and environment.getattr(environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'caddy'), 'mtls'))) or (environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'traefik') and environment.getattr(environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'traefik'), 'mtls_option')))
    context.vars['checking'] = l_0_checking
    context.exported_vars.add('checking')
    if environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'any'):
        pass
        yield str((undefined(name='n') if l_0_n is missing else l_0_n))
        yield '. Each proxy, from the new bundle and the new export. Each serves a certificate of the\n   revoked chain until it gets its own again from the successor'
        if (undefined(name='checking') if l_0_checking is missing else l_0_checking):
            pass
            yield "; one that demands client\n   certificates refuses the revoked intermediate's clients, and any certificate made with\n   its key, from the command marked"
        yield '.\n'
        if environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'nginx'):
            pass
            l_0_proxy = environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'nginx')
            context.vars['proxy'] = l_0_proxy
            context.exported_vars.add('proxy')
            if environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'mtls'):
                pass
                yield "   - **nginx**: `edge/nginx/obtain-certificate.sh /path/to/export --force-renewal` puts the\n     successor into `client-cas.pem` and orders nginx's own certificate again, now from\n     the successor; `/usr/local/sbin/"
                yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'unit'))
                yield '` then fetches the new root CRL and\n     reloads nginx: **refused from here** (its hourly timer does the same within the hour).\n'
            else:
                pass
                yield "   - **nginx**: `edge/nginx/obtain-certificate.sh /path/to/export --force-renewal` orders\n     nginx's own certificate again, now from the successor.\n"
        if environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'caddy'):
            pass
            l_0_proxy = environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'caddy')
            context.vars['proxy'] = l_0_proxy
            context.exported_vars.add('proxy')
            yield '   - **Caddy**: copy '
            l_1_loop = missing
            for l_1_f, l_1_loop in LoopContext(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'intermediate_files'), undefined):
                _loop_vars = {}
                pass
                yield str(environment.getitem(context.call(environment.getattr(l_1_f, 'rsplit'), '/', 1, _loop_vars=_loop_vars), 1))
                if (not environment.getattr(l_1_loop, 'last')):
                    pass
                    yield ', '
            l_1_loop = l_1_f = missing
            yield ' of the export and the new\n     `edge/caddy/Caddyfile` to `'
            yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'certs_dir'))
            yield "/`; remove Caddy's certificate of the\n     revoked chain (`rm -r /var/lib/caddy/.local/share/caddy/certificates/*/"
            yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'server_name'))
            yield '`)\n     and `systemctl restart caddy`'
            if environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'mtls'):
                pass
                yield ': **refused from here**'
            yield '; Caddy orders its own\n     certificate again, from the successor.\n'
        if environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'traefik'):
            pass
            l_0_t = environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'traefik')
            context.vars['t'] = l_0_t
            context.exported_vars.add('t')
            yield "   - **Traefik**: mount the new export's `certs/`"
            if environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'mtls_option'):
                pass
                yield ' and replace `dynamic/'
                yield str(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'mtls_option'))
                yield '.yml`\n     with the new one'
            yield '. Traefik keeps serving its own certificate of the revoked\n     chain from its storage until it renews it, so stop Traefik and, on the host, in the\n     folder that holds that storage (`'
            yield str(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'storage'))
            yield "` in the container), drop the\n     resolver's certificates; the file keeps its ACME account key, so nothing else may\n     read it:\n\n          (umask 077 && jq 'del(."
            yield str(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'resolver'))
            yield ".Certificates)' "
            yield str(environment.getitem(context.call(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'storage'), 'rsplit'), '/', 1), -1))
            yield ' >'
            yield str(environment.getitem(context.call(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'storage'), 'rsplit'), '/', 1), -1))
            yield '.new) && mv '
            yield str(environment.getitem(context.call(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'storage'), 'rsplit'), '/', 1), -1))
            yield '.new '
            yield str(environment.getitem(context.call(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'storage'), 'rsplit'), '/', 1), -1))
            yield '\n\n     Then start it'
            if environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'mtls_option'):
                pass
                yield ': **refused from here**'
            yield '; it orders a new certificate from the successor.\n'
    if (undefined(name='checking') if l_0_checking is missing else l_0_checking):
        pass
        yield str(((undefined(name='n') if l_0_n is missing else l_0_n) + 1))
        yield '. The devices: every certificate the revoked intermediate issued is refused from\n   step '
        yield str((undefined(name='n') if l_0_n is missing else l_0_n))
        yield " on. Issue each device's certificate again (section 6).\n"
    else:
        pass
        yield str((((undefined(name='n') if l_0_n is missing else l_0_n) + 1) if environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'any') else (undefined(name='n') if l_0_n is missing else l_0_n)))
        yield ". The devices: issue each certificate the revoked intermediate issued again\n   (section 6); the relying parties that check the root's CRL refuse the old ones.\n"

blocks = {}
debug_info = '1=16&2=19&3=22&4=24&5=26&8=30&9=32&10=35&13=38&20=43&21=45&22=50&23=59&24=61&25=63&28=67&29=69&30=73&33=79&37=81&39=91&42=95&43=97&44=99&46=103'