from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'Caddyfile.j2'

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
    yield '\n# Caddy gets the certificate for '
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'server_name'))
    yield ' from step-ca over ACME and renews it\n# itself'
    yield str((", and admits only clients with a certificate from the spec's CA" if environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'mtls') else ''))
    yield '.\n# Install: import this file from /etc/caddy/Caddyfile (import '
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'certs_dir'))
    yield '/Caddyfile).\n# In '
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'certs_dir'))
    yield ': root.pem'
    for l_1_f in environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'intermediate_files'):
        _loop_vars = {}
        pass
        yield ', '
        yield str(environment.getitem(context.call(environment.getattr(l_1_f, 'rsplit'), '/', 1, _loop_vars=_loop_vars), 1))
    l_1_f = missing
    yield " from certs/ of the\n# ceremony's export.\n"
    if environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'mtls'):
        pass
        yield '# Caddy checks no CRL: a revoked client is refused only once its certificate has expired.\n'
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'server_name'))
    yield ' {\n\ttls {\n\t\tca '
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'directory_url'))
    yield '\n\t\tca_root '
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'root_file'))
    yield '\n'
    if environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'mtls'):
        pass
        yield '\t\tclient_auth {\n\t\t\tmode require_and_verify\n\t\t\t# the intermediates in service, not the root: Go reads no CRL, and would admit\n\t\t\t# the clients of a revoked intermediate under a trusted root. One certificate\n\t\t\t# per line: Caddy reads only the first of a file.\n'
        for l_1_f in environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'intermediate_files'):
            _loop_vars = {}
            pass
            yield '\t\t\ttrusted_ca_cert_file '
            yield str(l_1_f)
            yield '\n'
        l_1_f = missing
        yield '\t\t}\n'
    yield '\t}\n\treverse_proxy '
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'upstream'))
    if environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'mtls'):
        pass
        yield ' {\n\t\theader_up X-Client-Subject {http.request.tls.client.subject}\n\t}'
    yield '\n}\n'

blocks = {}
debug_info = '1=14&2=16&3=18&4=20&5=22&7=31&10=34&12=36&13=38&14=40&20=43&21=47&26=52'