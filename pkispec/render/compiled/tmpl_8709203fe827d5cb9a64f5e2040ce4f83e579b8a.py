from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'nginx-certificate.sh.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_proxy = resolve('proxy')
    try:
        t_1 = environment.filters['shq']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'shq' found.")
    pass
    yield '#!/usr/bin/env bash\n# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield '\n# On the nginx host, as root: put the CA certificates nginx checks clients with in place and\n# order the certificate of '
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'server_name'))
    yield " from step-ca's ACME provisioner (http-01,\n# answered by nginx from "
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'server_name'))
    yield "-acme.conf, which must be serving already).\n# certbot keeps renewing it (its own timer) and the deploy hook installs each renewal.\n#\n# Usage: obtain-certificate.sh EXPORT_DIR [certbot options, e.g. --email you@example.org]\n#   EXPORT_DIR  the ceremony's export: certs/root.pem"
    for l_1_f in environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'intermediate_files'):
        _loop_vars = {}
        pass
        yield ', certs/'
        yield str(environment.getitem(context.call(environment.getattr(l_1_f, 'rsplit'), '/', 1, _loop_vars=_loop_vars), 1))
    l_1_f = missing
    yield "\n# Needs certbot and openssl. certbot trusts step-ca by the root this script installs\n# (REQUESTS_CA_BUNDLE), as does the renewal unit; Debian's own certbot.timer renews it\n# only once the root is in the system store (trust/linux/install-root.sh).\nset -euo pipefail\numask 022\n\ncerts="
    yield str(t_1(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'certs_dir')))
    yield '\nname='
    yield str(t_1(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'server_name')))
    yield '\ndirectory='
    yield str(t_1(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'directory_url')))
    yield '\n\ndie() {\n  printf \'error: %s\\n\' "$1" >&2\n  exit 1\n}\n\n(($# >= 1)) || die "usage: $0 EXPORT_DIR [certbot options]"\nexport_dir=$1\nshift\nroot="$export_dir/certs/root.pem"\n[[ -f $root ]] || die "$export_dir has no certs/root.pem"\n# the intermediates whose clients nginx admits (during a rotation, both)\nintermediates=('
    l_1_loop = missing
    for l_1_f, l_1_loop in LoopContext(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'intermediate_files'), undefined):
        _loop_vars = {}
        pass
        yield str(t_1(environment.getitem(context.call(environment.getattr(l_1_f, 'rsplit'), '/', 1, _loop_vars=_loop_vars), 1)))
        if (not environment.getattr(l_1_loop, 'last')):
            pass
            yield ' '
    l_1_loop = l_1_f = missing
    yield ')\nfor ca in "${intermediates[@]}"; do\n  [[ -f $export_dir/certs/$ca ]] || die "$export_dir has no certs/$ca"\n  openssl verify -no-CApath -no-CAstore -CAfile "$root" "$export_dir/certs/$ca" >/dev/null ||\n    die "certs/$ca is not issued by $root"\ndone\n\ninstall -d -m 0755 "$certs" "$certs/acme"\ninstall -m 0644 "$root" '
    yield str(t_1(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'root_file')))
    yield '\ncat "$root" >"$certs/client-cas.pem.new"\nfor ca in "${intermediates[@]}"; do\n  install -m 0644 "$export_dir/certs/$ca" "$certs/$ca"\n  cat "$export_dir/certs/$ca" >>"$certs/client-cas.pem.new"\ndone\nmv -f "$certs/client-cas.pem.new" "$certs/client-cas.pem"\n\n# the deploy hook runs after every issuance and renewal (certbot sets RENEWED_LINEAGE):\n# both files are copied whole under new names, then renamed, so that nginx (reloaded too\n# when the CRL refresh installs a new CRL) never reads one half-written\nhook="install -m 0644 \\"\\$RENEWED_LINEAGE/fullchain.pem\\" $certs/$name.crt.new"\nhook+=" && install -m 0600 \\"\\$RENEWED_LINEAGE/privkey.pem\\" $certs/$name.key.new"\nhook+=" && mv -f $certs/$name.key.new $certs/$name.key"\nhook+=" && mv -f $certs/$name.crt.new $certs/$name.crt"\n# then the running nginx reloads, under systemd or not (SIGHUP, as `nginx -s reload`)\nhook+=" && if systemctl is-active --quiet nginx 2>/dev/null; then systemctl reload nginx;"\nhook+=" elif [ -s /run/nginx.pid ] && kill -0 \\"\\$(cat /run/nginx.pid)\\" 2>/dev/null;"\nhook+=" then kill -HUP \\"\\$(cat /run/nginx.pid)\\"; fi"\naccount=(--register-unsafely-without-email)\nfor option in "$@"; do\n  case $option in\n  --email | --email=* | -m) account=() ;;\n  esac\ndone\nREQUESTS_CA_BUNDLE=${REQUESTS_CA_BUNDLE:-'
    yield str(t_1(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'root_file')))
    yield '} \\\n  certbot certonly --non-interactive --agree-tos "${account[@]}" --server "$directory" \\\n  --webroot --webroot-path "$certs/acme" --domain "$name" --cert-name "$name" \\\n  --deploy-hook "$hook" "$@"\nprintf \'ok: %s/%s.crt; now enable %s.conf and reload nginx\\n\' "$certs" "$name" "$name"\n'

blocks = {}
debug_info = '2=20&4=22&5=24&9=26&16=33&17=35&18=37&31=40&39=49&64=51'