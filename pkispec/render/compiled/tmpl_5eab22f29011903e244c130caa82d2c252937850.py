from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'nginx-crls.sh.j2'

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
    yield '\n# On the nginx host, run hourly by '
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'unit'))
    yield ".timer: fetch the root's CRL and\n# step-ca's, check each one's signature and nextUpdate, and give nginx the pair\n# ("
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'crl_file'))
    yield "). nginx needs a fresh CRL for every CA of a client's chain and\n# reads them only at start and reload; a CRL that fails a check is never installed.\n# PKISPEC_ROOT_CRL_URL and PKISPEC_STEP_CRL_URL move the sources. Needs curl and openssl.\nset -euo pipefail\numask 022\n\ncerts="
    yield str(t_1(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'certs_dir')))
    yield '\nroot_url="${PKISPEC_ROOT_CRL_URL:-'
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'root_crl_url'))
    yield '}"\nstep_url="${PKISPEC_STEP_CRL_URL:-'
    yield str(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'step_crl_url'))
    yield '}"\nnow=$(date +%s)\nwork=$(mktemp -d)\ntrap \'rm -rf "$work"\' EXIT\n\ndie() {\n  printf \'error: %s\\n\' "$1" >&2\n  exit 1\n}\n\n# fetch URL NAME: download a DER CRL, check it against client-cas.pem, leave NAME.pem\nfetch() {\n  curl -fsS --max-time 30 --cacert "$certs/root.pem" -o "$work/$2.crl" "$1" ||\n    die "cannot fetch $1"\n  openssl crl -inform DER -in "$work/$2.crl" -out "$work/$2.pem" 2>/dev/null ||\n    die "$1 is not a DER CRL"\n  # openssl crl -CAfile exits 0 on a bad signature too: read its verdict\n  verdict=$(openssl crl -in "$work/$2.pem" -no-CApath -no-CAstore -CAfile "$certs/client-cas.pem" -noout 2>&1) || true\n  [[ $verdict == *"verify OK"* ]] || die "the CRL from $1 is not signed by the spec\'s CA"\n  next=$(openssl crl -in "$work/$2.pem" -noout -nextupdate)\n  (($(date -d "${next#nextUpdate=}" +%s) > now)) || die "the CRL from $1 has expired"\n}\n\nfetch "$root_url" root\nfetch "$step_url" step\ncat "$work/root.pem" "$work/step.pem" >"$work/crls.pem"\nif cmp -s "$work/crls.pem" '
    yield str(t_1(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'crl_file')))
    yield '; then\n  exit 0\nfi\ncrls='
    yield str(t_1(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'crl_file')))
    yield '\nnew=$(mktemp "$crls.XXXXXX") # its own name: a timer run and a manual one do not collide\ncat "$work/crls.pem" >"$new"\nchmod 0644 "$new"\n[[ ! -e $crls ]] || cp -p -- "$crls" "$work/previous.pem"\nmv -f -- "$new" "$crls"\nunreloaded() { # put the CRLs nginx still checks back, so that the next run tries again\n  if [[ -e $work/previous.pem ]]; then cp -p -- "$work/previous.pem" "$crls"; else rm -f -- "$crls"; fi\n  die "nginx did not reload: it still checks the old CRLs (the next run tries again)"\n}\n# nginx reads the CRLs only at start and reload: reload the running one, under systemd or\n# not (SIGHUP to its master, what `nginx -s reload` sends; PKISPEC_NGINX_PID moves the\n# pid file from Debian\'s /run/nginx.pid)\npid_file="${PKISPEC_NGINX_PID:-/run/nginx.pid}"\nif command -v systemctl >/dev/null && systemctl is-active --quiet nginx 2>/dev/null; then\n  systemctl reload nginx || unreloaded\n  printf \'ok: %s updated; nginx reloaded\\n\' '
    yield str(t_1(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'crl_file')))
    yield '\nelif [[ -s $pid_file ]] && kill -0 "$(<"$pid_file")" 2>/dev/null; then\n  kill -HUP "$(<"$pid_file")" || unreloaded\n  printf \'ok: %s updated; nginx (pid %s) told to reload\\n\' '
    yield str(t_1(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'crl_file')))
    yield ' "$(<"$pid_file")"\nelse\n  printf \'ok: %s updated; nginx is not running, and reads it when it starts\\n\' '
    yield str(t_1(environment.getattr((undefined(name='proxy') if l_0_proxy is missing else l_0_proxy), 'crl_file')))
    yield '\nfi\n'

blocks = {}
debug_info = '2=20&3=22&5=24&11=26&12=28&13=30&39=32&42=34&58=36&61=38&63=40'