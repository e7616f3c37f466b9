from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'RUNBOOK.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_name = resolve('name')
    l_0_prefix = resolve('prefix')
    l_0_crl = resolve('crl')
    l_0_publish = resolve('publish')
    l_0_step = resolve('step')
    l_0_scripts = resolve('scripts')
    l_0_intermediates = resolve('intermediates')
    l_0_root = resolve('root')
    l_0_cas = resolve('cas')
    l_0_edge = resolve('edge')
    l_0_devices = resolve('devices')
    l_0_trust = resolve('trust')
    l_0_revoked = l_0_where = missing
    try:
        t_1 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_2 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    pass
    yield '<!-- '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield ' -->\n# Runbook: the private PKI "'
    yield str((undefined(name='name') if l_0_name is missing else l_0_name))
    yield '"\n\nThis bundle was compiled by pkispec from one spec. Nothing in it is secret: keys are made\nby the scripts on the machine that keeps them, and passphrases are typed at prompts (or\nread from files you name). Review it in git, then apply it in the order below.\n\n| machine | what runs there |\n| --- | --- |\n| air-gapped machine | `offline/`: bash, coreutils, findutils, awk and openssl only; holds the root and intermediate keys under `'
    yield str((undefined(name='prefix') if l_0_prefix is missing else l_0_prefix))
    yield '` (on a local Linux file system such as ext4: each file is renamed into place without replacing one) |\n| CRL host | `crl-host/`: nginx serves `'
    yield str(environment.getattr((undefined(name='crl') if l_0_crl is missing else l_0_crl), 'url'))
    yield '`'
    yield str((' and the root certificate' if environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'serve_root') else ''))
    yield ' |\n'
    if (undefined(name='step') if l_0_step is missing else l_0_step):
        pass
        yield '| CA server | `ca-server/`: step-ca "'
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'name'))
        yield '" at '
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'url'))
        yield ', with the intermediate key |\n'
    yield '\n## 0. Before anything: check the bundle\n\nOn the air-gapped machine, where pkispec is not installed, check that the bundle is the one\nthat was reviewed:\n\n    cd '
    yield str((undefined(name='name') if l_0_name is missing else l_0_name))
    yield ' && sha256sum -c SHA256SUMS\n\nEvery line must say `OK`. Any other answer: stop and find out why.\n\n## 1. The offline ceremony (air-gapped machine, as root)\n\nEach step checks its own result and prints what to look at. A step can be run again after a\nfailure: it keeps what exists (keys are never overwritten) and makes what is missing. Each\nkey gets its own passphrase; use different ones for the root and each intermediate.\n\n| step | command | makes | check |\n| --- | --- | --- | --- |\n| 1 | `offline/ceremony/'
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'prepare'))
    yield '` | `'
    yield str((undefined(name='prefix') if l_0_prefix is missing else l_0_prefix))
    yield '` and '
    l_1_loop = missing
    for l_1_ca, l_1_loop in LoopContext((undefined(name='intermediates') if l_0_intermediates is missing else l_0_intermediates), undefined):
        _loop_vars = {}
        pass
        yield '`'
        yield str((undefined(name='prefix') if l_0_prefix is missing else l_0_prefix))
        yield '/'
        yield str(environment.getattr(l_1_ca, 'dir'))
        yield '`'
        if (not environment.getattr(l_1_loop, 'last')):
            pass
            yield ', '
    l_1_loop = l_1_ca = missing
    yield " (private/ 700), each CA's openssl.cnf | it says `ok` per directory |\n| 2 | `offline/ceremony/"
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'root'))
    yield '` | `'
    yield str(environment.getattr(environment.getattr((undefined(name='root') if l_0_root is missing else l_0_root), 'files'), 'key'))
    yield '` ('
    yield str(environment.getattr((undefined(name='root') if l_0_root is missing else l_0_root), 'key_label'))
    yield ', mode 400), `'
    yield str(environment.getattr(environment.getattr((undefined(name='root') if l_0_root is missing else l_0_root), 'files'), 'cert'))
    yield '` ('
    yield str(environment.getattr((undefined(name='root') if l_0_root is missing else l_0_root), 'days'))
    yield ' days) | subject, dates; write down the SHA-256 fingerprint |\n'
    def t_3(fiter):
        for l_1_ca in fiter:
            if (not environment.getattr(l_1_ca, 'revoked')):
                yield l_1_ca
    for l_1_ca in t_3((undefined(name='intermediates') if l_0_intermediates is missing else l_0_intermediates)):
        _loop_vars = {}
        pass
        yield '| 3 | `offline/ceremony/'
        yield str(environment.getitem(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'request'), environment.getattr(l_1_ca, 'slug')))
        yield '` | `'
        yield str(environment.getattr(l_1_ca, 'dir'))
        yield '/'
        yield str(environment.getattr(environment.getattr(l_1_ca, 'files'), 'key'))
        yield '` ('
        yield str(environment.getattr(l_1_ca, 'key_label'))
        yield '), `'
        yield str(environment.getattr(l_1_ca, 'dir'))
        yield '/'
        yield str(environment.getattr(environment.getattr(l_1_ca, 'files'), 'csr'))
        yield '` | `verify OK` and the subject |\n| 4 | `offline/ceremony/'
        yield str(environment.getitem(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'sign'), environment.getattr(l_1_ca, 'slug')))
        yield '` | `'
        yield str(environment.getattr(l_1_ca, 'dir'))
        yield '/'
        yield str(environment.getattr(environment.getattr(l_1_ca, 'files'), 'cert'))
        yield '` ('
        yield str(environment.getattr(l_1_ca, 'days'))
        yield ' days, pathlen '
        yield str(environment.getattr(l_1_ca, 'pathlen'))
        yield '), `'
        yield str(environment.getattr(l_1_ca, 'dir'))
        yield '/'
        yield str(environment.getattr(environment.getattr(l_1_ca, 'files'), 'chain'))
        yield '` | `OK` from openssl verify; the fingerprint |\n'
    l_1_ca = missing
    yield '| 5 | `offline/ceremony/'
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'crl'))
    yield '` | `'
    yield str(environment.getattr(environment.getattr((undefined(name='root') if l_0_root is missing else l_0_root), 'files'), 'crl_pem'))
    yield '` and `'
    yield str(environment.getattr(environment.getattr((undefined(name='root') if l_0_root is missing else l_0_root), 'files'), 'crl_der'))
    yield '`, valid '
    yield str(environment.getattr((undefined(name='crl') if l_0_crl is missing else l_0_crl), 'validity_human'))
    yield ' | lastUpdate and nextUpdate |\n| 6 | `offline/ceremony/'
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'export'))
    yield '` | `'
    yield str((undefined(name='prefix') if l_0_prefix is missing else l_0_prefix))
    yield '/export/` with the public certificates, chains and the CRL | its SHA256SUMS |\n\nPassphrases are asked at the prompts. For a rehearsal, or a ceremony with passphrase files\non an encrypted medium, set '
    l_1_loop = missing
    for l_1_ca, l_1_loop in LoopContext((undefined(name='cas') if l_0_cas is missing else l_0_cas), undefined):
        _loop_vars = {}
        pass
        yield '`'
        yield str(environment.getattr(l_1_ca, 'passfile_var'))
        yield '`'
        if (not environment.getattr(l_1_loop, 'last')):
            pass
            yield ', '
    l_1_loop = l_1_ca = missing
    yield " to the\nfiles' paths; `PKISPEC_PREFIX` moves the CA directory and `PKISPEC_ASSUME_YES=1`\nanswers the confirmations. `pkispec rehearse` runs all of this in a scratch directory.\n\nCarry `"
    yield str((undefined(name='prefix') if l_0_prefix is missing else l_0_prefix))
    yield "/export/` to the CRL host (and, later, the intermediate to the CA server).\nThe root key never leaves the air-gapped machine.\n\nThen commit the export's public files next to the spec and name them in it (the spec's\nsecond phase): `certs/root.pem` as `root.certificate` (and its fingerprint as\n`root.fingerprint`), each `certs/<name>.pem` as that intermediate's `certificate`, and\n`crls/root.crl` as `root.crl.file`. Builds then check them against the spec, and\n`pkispec status` says what expires when. Commit the new CRL after every re-signing.\n\n## 2. The CRL host (as root)\n\n1. Install nginx (`apt install nginx`), then the site:\n\n        install -m 644 crl-host/nginx/"
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'site_name'))
    yield '.conf /etc/nginx/sites-available/'
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'site_name'))
    yield '.conf\n        ln -s ../sites-available/'
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'site_name'))
    yield '.conf /etc/nginx/sites-enabled/'
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'site_name'))
    yield '.conf\n        nginx -t && systemctl reload nginx\n\n2. Publish what the ceremony exported:\n\n        crl-host/'
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'publish'))
    yield " /path/to/export\n\n   It checks the export's SHA256SUMS and the CRL's signature, then installs:\n"
    def t_4(fiter):
        for l_1_e in fiter:
            if (not environment.getattr(l_1_e, 'withdrawn')):
                yield l_1_e
    for l_1_e in t_4(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'served')):
        _loop_vars = {}
        pass
        yield '   - `'
        yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'web_root'))
        yield str(environment.getattr(l_1_e, 'url_path'))
        yield '` ('
        yield str(environment.getattr(l_1_e, 'media_type'))
        yield ')\n'
    l_1_e = missing
    yield '\n3. Check it from another machine: `curl -sf '
    yield str(environment.getattr((undefined(name='crl') if l_0_crl is missing else l_0_crl), 'url'))
    yield ' | openssl crl -inform DER -noout -nextupdate`.\n\n4. Install the freshness check and its daily timer:\n\n        install -m 755 crl-host/sbin/'
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'check_unit'))
    yield ' '
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'script_dir'))
    yield '/'
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'check_unit'))
    yield '\n        install -m 644 crl-host/systemd/'
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'check_unit'))
    yield '.service crl-host/systemd/'
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'check_unit'))
    yield '.timer /etc/systemd/system/\n        systemctl daemon-reload\n        systemctl enable --now '
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'check_unit'))
    yield '.timer\n\n   The check fails (and `systemctl --failed` shows it) once less than '
    yield str(environment.getattr((undefined(name='crl') if l_0_crl is missing else l_0_crl), 'due_human'))
    yield " of the\n   CRL's validity is left, and says so in the journal: `journalctl -u "
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'check_unit'))
    yield '`.\n'
    if (environment.getattr((undefined(name='crl') if l_0_crl is missing else l_0_crl), 'renewal') == 'automatic'):
        pass
        yield "\n5. Automatic renewal (the guide's way, chosen in this spec). **It needs the root key and its\n   passphrase file `"
        yield str(environment.getattr((undefined(name='crl') if l_0_crl is missing else l_0_crl), 'passphrase_file'))
        yield '` on this online host; whoever reads both owns\n   the whole PKI.** Prefer planned offline ceremonies.\n\n   The root CA directory (`'
        yield str((undefined(name='prefix') if l_0_prefix is missing else l_0_prefix))
        yield "`: key, `index.txt`, `crlnumber`, `openssl.cnf`)\n   then lives on this host: copy it from the air-gapped machine (`cp -a`, as root) and\n   write the root key's passphrase into `"
        yield str(environment.getattr((undefined(name='crl') if l_0_crl is missing else l_0_crl), 'passphrase_file'))
        yield "` (mode 400) before\n   enabling the timer. It is the only copy that signs CRLs from then on: revoke here, not\n   on the air-gapped machine, or the next automatic CRL drops that revocation. The renewal\n   refuses to sign when the published CRL's number shows another copy signed it.\n\n        install -m 700 crl-host/sbin/"
        yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'renew_unit'))
        yield ' '
        yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'script_dir'))
        yield '/'
        yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'renew_unit'))
        yield '\n        install -m 644 crl-host/systemd/'
        yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'renew_unit'))
        yield '.service crl-host/systemd/'
        yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'renew_unit'))
        yield '.timer /etc/systemd/system/\n        systemctl daemon-reload\n        systemctl enable --now '
        yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'renew_unit'))
        yield '.timer\n'
    yield '\n'
    if (undefined(name='step') if l_0_step is missing else l_0_step):
        pass
        yield '## 3. The CA server: step-ca "'
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'name'))
        yield '" (as root)\n\n1. Install step-ca '
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'version'))
        yield ' as `'
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'binary'))
        yield "` from Smallstep's release for your\n   distribution, and `apt install python3-cryptography`"
        yield str((" (for the JWK provisioners' keys and the data source)" if (environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'jwk') or (environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'db_type') == 'mysql')) else ''))
        yield '.\n   Carry over the export and the encrypted key of the '
        yield str(environment.getattr(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'signer'), 'title'))
        yield '\n   (`'
        yield str((undefined(name='prefix') if l_0_prefix is missing else l_0_prefix))
        yield '/'
        yield str(environment.getattr(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'signer'), 'dir'))
        yield '/'
        yield str(environment.getattr(environment.getattr(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'signer'), 'files'), 'key'))
        yield '`); the root key stays behind.\n'
        if (environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'db_type') == 'mysql'):
            pass
            yield '2. The database: on MariaDB or MySQL, a user for step-ca; step-ca creates the database\n   `'
            yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'db_name'))
            yield '` itself. Write the data source, `user:password@tcp(host:3306)/`\n   (nothing after the slash: step-ca appends the database), into `'
            yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'dsn_file'))
            yield '`\n   (mode 400), or pass it as `PKISPEC_DSN` to the next step.\n'
        else:
            pass
            yield '2. The database is embedded (`'
            yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'db_type'))
            yield '` in `'
            yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'db_path'))
            yield '`); nothing to do.\n'
        yield '3. Lay out `'
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'steppath'))
        yield "` (certificates, the key, ca.json, defaults.json with the\n   root's fingerprint) and make the `"
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'user'))
        yield '` user if it is missing:\n\n        ca-server/install-step-ca.sh /path/to/export /path/to/'
        yield str(environment.getattr(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'signer'), 'slug'))
        yield ".key\n\n   It asks for the intermediate key's passphrase (or reads line 1 of the file named by\n   `"
        yield str(environment.getattr(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'signer'), 'passfile_var'))
        yield '`), checks it against the key and stores it for step-ca,\n   readable by root and the group `'
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'user'))
        yield '` only.\n'
        if environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'jwk'):
            pass
            yield '   Then it makes the key of each JWK provisioner ('
            l_1_loop = missing
            for (l_1_name, l_1__), l_1_loop in LoopContext(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'jwk'), undefined):
                _loop_vars = {}
                pass
                yield '`'
                yield str(l_1_name)
                yield '`'
                if (not environment.getattr(l_1_loop, 'last')):
                    pass
                    yield ', '
            l_1_loop = l_1_name = l_1__ = missing
            yield ")\n   with `ca-server/add-jwk-provisioner.py` and asks for a new passphrase for each\n   (`PKISPEC_PROVISIONER_PASSFILE` names a file instead): `devices/issue-certificate.py`\n   (or the step CLI's `step ca certificate` and `step ca sign`) asks for it later.\n"
        yield '4. Start it:\n\n        install -m 644 ca-server/systemd/'
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'unit'))
        yield '.service /etc/systemd/system/\n        systemctl daemon-reload\n        systemctl enable --now '
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'unit'))
        yield '\n\n5. Check it: `curl --cacert '
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'steppath'))
        yield '/certs/root_ca.crt '
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'url'))
        yield '/roots.pem` prints\n   the root. ACME clients use'
        l_1_loop = missing
        for l_1_a, l_1_loop in LoopContext(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'acme'), undefined):
            _loop_vars = {}
            pass
            yield ' `'
            yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'url'))
            yield str(environment.getattr(l_1_a, 'directory_path'))
            yield '`'
            if (not environment.getattr(l_1_loop, 'last')):
                pass
                yield ','
        l_1_loop = l_1_a = missing
        yield '.\n6. Further hosts behind the same name'
        yield str((' (they share the database)' if (environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'db_type') == 'mysql') else ''))
        yield ": the same export, key\n   and passphrase, and\n\n        PKISPEC_PROVISIONERS_FROM=/path/to/first/ca.json ca-server/install-step-ca.sh ...\n\n   so that every host has the same provisioner keys. The first host's ca.json holds no\n   private key in the clear"
        yield str((', but it holds the database password: copy it securely' if (environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'db_type') == 'mysql') else ''))
        yield '.\n\nA rebuilt bundle does not overwrite an installed ca.json (the script says so): compare\nthe two, carry the changes over by hand, and restart step-ca.\n'
    else:
        pass
        yield '## 3. The CA server\n\nThis spec has no `ca_server`.\n'
    yield '\n'
    template = environment.get_template('_runbook-edge.md.j2', 'RUNBOOK.md.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {'revoked': l_0_revoked, 'where': l_0_where}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '## 7. Every '
    yield str(environment.getattr((undefined(name='crl') if l_0_crl is missing else l_0_crl), 'renew_every_human'))
    yield ': re-sign the root CRL\n'
    if (environment.getattr((undefined(name='crl') if l_0_crl is missing else l_0_crl), 'renewal') == 'offline'):
        pass
        yield '\nEach CRL is valid '
        yield str(environment.getattr((undefined(name='crl') if l_0_crl is missing else l_0_crl), 'validity_human'))
        yield ' and is re-signed every '
        yield str(environment.getattr((undefined(name='crl') if l_0_crl is missing else l_0_crl), 'renew_every_human'))
        yield ' at a\nshort offline ceremony: on the air-gapped machine run `offline/ceremony/'
        yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'crl'))
        yield '` and\n`offline/ceremony/'
        yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'export'))
        yield '`, carry the export, and run `crl-host/'
        yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'publish'))
        yield "`.\nThe daily check warns when this is due; so does `pkispec status` on the spec, once the\nexport's `crls/root.crl` is committed beside it (commit each new one), along with what\nelse expires when (exit 1 when something is due: a CI job or a monitor can run it).\n"
    else:
        pass
        yield '\nThe renewal timer re-signs the CRL once less than '
        yield str(environment.getattr((undefined(name='crl') if l_0_crl is missing else l_0_crl), 'due_human'))
        yield ' of its validity is left.\n'
    yield '\n## 8. Revoking an intermediate\n'
    l_0_revoked = t_1(context.eval_ctx, t_2(context, (undefined(name='intermediates') if l_0_intermediates is missing else l_0_intermediates), 'revoked'))
    context.vars['revoked'] = l_0_revoked
    context.exported_vars.add('revoked')
    l_0_where = ('On the CRL host, where the root CA lives in this spec (section 2.5)' if (environment.getattr((undefined(name='crl') if l_0_crl is missing else l_0_crl), 'renewal') == 'automatic') else 'On the air-gapped machine')
    context.vars['where'] = l_0_where
    context.exported_vars.add('where')
    if (not (undefined(name='revoked') if l_0_revoked is missing else l_0_revoked)):
        pass
        yield '\nTo take an intermediate out of service (its key lost or exposed, or simply replaced), mark\nit in the spec (`revoked: {date: YYYY-MM-DD, reason: keyCompromise}`) and add its successor,\na new intermediate with a name and key of its own'
        if (undefined(name='step') if l_0_step is missing else l_0_step):
            pass
            yield ', named in `ca_server.intermediate`'
        yield ";\nbuild and review. This section then lists the steps in order, and the new bundle's proxies\nno longer trust the revoked intermediate. The scripts exist already:\n"
        l_1_loop = missing
        for l_1_ca, l_1_loop in LoopContext((undefined(name='intermediates') if l_0_intermediates is missing else l_0_intermediates), undefined):
            _loop_vars = {}
            pass
            yield '`offline/ceremony/'
            yield str(environment.getitem(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'revoke'), environment.getattr(l_1_ca, 'slug')))
            yield ' [REASON]`'
            if (not environment.getattr(l_1_loop, 'last')):
                pass
                yield ', '
        l_1_loop = l_1_ca = missing
        yield '.\n'
    else:
        pass
        yield '\nThis spec revokes '
        l_1_loop = missing
        for l_1_ca, l_1_loop in LoopContext((undefined(name='revoked') if l_0_revoked is missing else l_0_revoked), undefined):
            _loop_vars = {}
            pass
            yield '`'
            yield str(environment.getattr(l_1_ca, 'slug'))
            yield '` ('
            yield str(environment.getitem(environment.getattr(l_1_ca, 'revoked'), 1))
            yield ', '
            yield str(environment.getitem(environment.getattr(l_1_ca, 'revoked'), 0))
            yield ')'
            if (not environment.getattr(l_1_loop, 'last')):
                pass
                yield ', '
        l_1_loop = l_1_ca = missing
        if (undefined(name='step') if l_0_step is missing else l_0_step):
            pass
            yield '; step-ca signs with `'
            yield str(environment.getattr(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'signer'), 'slug'))
            yield '` instead'
        yield '. In this order:\n\n1. '
        yield str((undefined(name='where') if l_0_where is missing else l_0_where))
        yield ': revoke it, then make the successor and export.\n\n'
        for l_1_ca in (undefined(name='revoked') if l_0_revoked is missing else l_0_revoked):
            _loop_vars = {}
            pass
            yield '        offline/ceremony/'
            yield str(environment.getitem(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'revoke'), environment.getattr(l_1_ca, 'slug')))
            yield ' '
            yield str(environment.getitem(environment.getattr(l_1_ca, 'revoked'), 1))
            yield '\n'
        l_1_ca = missing
        if (undefined(name='step') if l_0_step is missing else l_0_step):
            pass
            yield '        offline/ceremony/'
            yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'prepare'))
            yield '\n        offline/ceremony/'
            yield str(environment.getitem(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'request'), environment.getattr(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'signer'), 'slug')))
            yield '\n        offline/ceremony/'
            yield str(environment.getitem(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'sign'), environment.getattr(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'signer'), 'slug')))
            yield '\n'
        yield '        offline/ceremony/'
        yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'export'))
        yield "\n\n   The revoke script asks for confirmation (this cannot be undone), marks the certificate\n   revoked in the root's database and signs a new root CRL that lists it. The other steps\n   keep what exists: a successor made earlier is left as it is.\n2. On the CRL host: `crl-host/"
        yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'publish'))
        yield ' /path/to/export` publishes the new root\n   CRL'
        if environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'serve_root'):
            pass
            yield " and the successor's chain, and removes the revoked one's"
        yield '.\n'
        if (undefined(name='step') if l_0_step is missing else l_0_step):
            pass
            yield '3. On the CA host: put step-ca on the successor and restart it. From then on it issues\n   from `'
            yield str(environment.getattr(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'signer'), 'slug'))
            yield '` only.\n\n        PKISPEC_CUT_OVER=1 ca-server/install-step-ca.sh /path/to/export /path/to/'
            yield str(environment.getitem(context.call(environment.getattr(environment.getattr(environment.getattr(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'signer'), 'files'), 'key'), 'rsplit'), '/', 1), 1))
            yield '\n        systemctl restart '
            yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'unit'))
            yield "\n\n   **A limit of step-ca**: it renews over mTLS (`/renew`, `/1.0/renew`, and `rekey`) any\n   certificate that chains to its root, and reads no CRL. Whoever holds the revoked key\n   can make a certificate, send it with the revoked intermediate's, and have the\n   successor renew it; every proxy admits the result. step-ca has no setting against it,\n   and a firewall cannot tell those paths from `/1.0/sign` and ACME on the same port: only\n   a proxy in front of step-ca that ends TLS and refuses `/renew`, `/rekey`, `/1.0/renew`\n   and `/1.0/rekey` keeps them closed (nothing in this bundle uses them), or, when the key\n   is known to be in other hands, a new root.\n"
        template = environment.get_template('_runbook-revoke-edge.md.j2', 'RUNBOOK.md.j2')
        gen = template.root_render_func(template.new_context(context.get_all(), True, {'revoked': l_0_revoked, 'where': l_0_where}))
        try:
            for event in gen:
                yield event
        finally: gen.close()
    yield '\n'
    if (undefined(name='step') if l_0_step is missing else l_0_step):
        pass
        yield '## 9. Rotating the intermediate\n\nAn intermediate is replaced well before it expires (`pkispec status` says when it is\ndue):\n\n1. Add the incoming intermediate to the spec next to the outgoing one; keep\n   `ca_server.intermediate` on the outgoing one. Build, review, and at an offline ceremony\n   run `'
        yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'prepare'))
        yield "` (it makes the new CA's folders and keeps the rest), its\n   `03-<name>-request.sh` and `04-<name>-sign.sh`, then `"
        yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'export'))
        yield "`.\n2. Redeploy the proxies' files (section 5): they admit clients of every intermediate the\n   spec holds, so both are accepted from now on.\n3. Set `ca_server.intermediate` to the incoming one and build. On each CA host:\n\n        PKISPEC_CUT_OVER=1 ca-server/install-step-ca.sh /path/to/export /path/to/<new>.key\n        systemctl restart "
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'unit'))
        yield "\n\n   The old certificate, key and passphrase stay beside the new ones as `*.retired`;\n   ca.json, the provisioners and the database are kept; a failed cut-over puts the old\n   files back. New certificates come from the\n   incoming intermediate; those already issued stay valid until they expire.\n4. Once the longest-lived certificate of the outgoing intermediate has expired (client\n   certificates: re-issue them with `devices/issue-certificate.py` before that), remove\n   it from the spec, redeploy the proxies, and revoke it (section 8) if you want it on\n   the root's CRL.\n"
        if (environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'nginx') and environment.getattr(environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'nginx'), 'crl_file')):
            pass
            yield '\nnginx is the exception to "both are accepted": it checks a CRL for every CA of a client\'s\nchain, and step-ca signs its CRL only with the intermediate it uses. Within the hour after\nthe cut-over (the next CRL refresh), nginx refuses client certificates of the outgoing\nintermediate: re-issue them right after the cut-over, when nobody needs the site.\n'
        yield '\n'
    yield '## Environment variables the scripts read\n\n| variable | used by | meaning |\n| --- | --- | --- |\n| `PKISPEC_PREFIX` | offline/ceremony | the CA directory (default `'
    yield str((undefined(name='prefix') if l_0_prefix is missing else l_0_prefix))
    yield '`) |\n'
    for l_1_ca in (undefined(name='cas') if l_0_cas is missing else l_0_cas):
        _loop_vars = {}
        pass
        yield '| `'
        yield str(environment.getattr(l_1_ca, 'passfile_var'))
        yield '` | offline/ceremony | a file holding the passphrase of the '
        yield str(environment.getattr(l_1_ca, 'title'))
        yield ' |\n'
    l_1_ca = missing
    yield '| `PKISPEC_ASSUME_YES` | offline/ceremony | `1` answers the confirmations (rehearsals) |\n| `PKISPEC_EXPORT` | '
    yield str(environment.getattr((undefined(name='scripts') if l_0_scripts is missing else l_0_scripts), 'export'))
    yield ' | where the export goes (default `'
    yield str((undefined(name='prefix') if l_0_prefix is missing else l_0_prefix))
    yield '/export`) |\n| `PKISPEC_WEB_ROOT` | crl-host | the web root (default `'
    yield str(environment.getattr((undefined(name='publish') if l_0_publish is missing else l_0_publish), 'web_root'))
    yield '`) |\n'
    if (undefined(name='step') if l_0_step is missing else l_0_step):
        pass
        yield '| `STEPPATH` | ca-server | a scratch copy of `'
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'steppath'))
        yield '` (rehearsals only) |\n| `PKISPEC_STEP_CA` | ca-server | the step-ca binary to check (default `'
        yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'binary'))
        yield '`) |\n| `PKISPEC_PROVISIONER_PASSFILE`, `PKISPEC_PROVISIONERS_FROM` | ca-server | see section 3 |\n'
        if (environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'db_type') == 'mysql'):
            pass
            yield '| `PKISPEC_DSN` | ca-server | the data source, instead of `'
            yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'dsn_file'))
            yield '` |\n'
        yield '| `PKISPEC_NO_CHOWN` | ca-server | `1` leaves owners alone (rehearsals) |\n| `PKISPEC_CUT_OVER` | ca-server | `1` replaces the installed intermediate (section 9) |\n'
    if environment.getattr((undefined(name='devices') if l_0_devices is missing else l_0_devices), 'any'):
        pass
        yield "| `PKISPEC_PROVISIONER_PASSFILE` | devices/issue-certificate.py | a file holding the JWK provisioner's passphrase |\n| `PKISPEC_P12_PASSFILE` | devices/issue-certificate.py | a file holding the new PKCS#12 passphrase |\n| `PKISPEC_KEY_PASSFILE` | devices | a file holding the profile signer key's passphrase |\n"
    if ((undefined(name='trust') if l_0_trust is missing else l_0_trust) and (('linux' in environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'targets')) or ('firefox' in environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'targets')))):
        pass
        yield '| `PKISPEC_CA_DIR` | trust/linux | install the root elsewhere, without update-ca-certificates |\n'
    if (environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'nginx') and environment.getattr(environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'nginx'), 'crl_file')):
        pass
        yield '| `PKISPEC_ROOT_CRL_URL`, `PKISPEC_STEP_CRL_URL` | edge/nginx | where the CRLs are fetched from |\n'

blocks = {}
debug_info = '1=38&2=40&10=42&11=44&12=48&13=51&21=56&33=58&34=76&35=86&36=94&37=106&39=122&40=130&43=135&47=146&60=148&61=152&66=156&69=158&70=166&73=173&77=175&78=181&80=185&82=187&83=189&84=191&87=194&90=196&92=198&97=200&98=206&100=210&103=213&104=216&106=218&107=222&108=224&109=226&110=232&112=235&113=237&116=242&118=247&119=249&121=251&124=253&125=255&126=257&127=261&134=273&136=275&138=277&139=282&140=294&146=296&156=302&157=309&158=311&160=314&161=318&162=320&168=327&172=330&173=333&174=336&178=339&181=344&184=359&186=379&188=381&189=385&191=390&192=393&193=395&194=397&196=400&201=402&202=404&203=408&205=411&207=413&208=415&219=417&222=424&230=427&231=429&237=431&247=433&260=438&261=440&262=444&265=450&266=454&267=456&268=459&269=461&271=463&272=466&277=469&282=472&285=475'