from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_runbook-edge.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_trust = resolve('trust')
    l_0_edge = resolve('edge')
    l_0_t = resolve('t')
    l_0_devices = resolve('devices')
    l_0_step = resolve('step')
    l_0_blind = resolve('blind')
    l_0__ = resolve('_')
    l_0_name = resolve('name')
    l_0_renewable = resolve('renewable')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_4 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_5 = environment.filters['selectattr']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'selectattr' found.")
    try:
        t_6 = environment.filters['shq']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'shq' found.")
    pass
    yield '## 4. Trusting the root\n'
    if (undefined(name='trust') if l_0_trust is missing else l_0_trust):
        pass
        yield '\nEvery script below installs the root only if its SHA-256 fingerprint is the one written\ndown at the root ceremony (step 2 of section 1; `install-step-ca.sh` prints it too)'
        if environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'fingerprint'):
            pass
            yield ":\nthe committed root's, `"
            yield str(environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'fingerprint'))
            yield '`, is their default'
        yield '. The\nroot comes from `'
        yield str(environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'root_url'))
        yield '`, or from a file you name.\n\n'
        for l_1_target in environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'targets'):
            _loop_vars = {}
            pass
            if (l_1_target == 'linux'):
                pass
                yield '- **Linux** (Debian, Ubuntu), as root: `trust/linux/install-root.sh FINGERPRINT` puts it in\n  `/usr/local/share/ca-certificates/'
                yield str(environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'name'))
                yield ".crt` and runs `update-ca-certificates`,\n  which feeds the system store and, through its hooks, Java's (ca-certificates-java). A\n  different root installed before under that name leaves every one of them first, and\n  `trust/linux/uninstall-root.sh` takes the root out of all of them.\n  Check: `curl "
                yield str((environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'url') if (undefined(name='step') if l_0_step is missing else l_0_step) else environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'root_url')))
                yield '` no longer complains about the certificate.\n'
            elif (l_1_target == 'windows'):
                pass
                yield '- **Windows**, in an administrator PowerShell:\n  `powershell -ExecutionPolicy Bypass -File trust\\windows\\Install-Root.ps1 -Fingerprint FINGERPRINT`\n  imports it into *Trusted Root Certification Authorities* of the local machine (no MMC\n  clicks). Check: `certutil -store Root "'
                yield str(environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'common_name'))
                yield '"`.\n'
            elif (l_1_target == 'apple'):
                pass
                if environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'root_der'):
                    pass
                    yield '- **iOS, iPadOS, macOS**: open `trust/apple/'
                    yield str(environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'name'))
                    yield '.mobileconfig` on the device (AirDrop,\n  Mail or Files; iOS loads profiles only from Safari, Mail or Files), then *Settings →\n  General → VPN & Device Management* to install it.\n'
                else:
                    pass
                    yield '- **iOS, iPadOS, macOS**: open `'
                    yield str(environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'root_url'))
                    yield '` in Safari (iOS loads profiles only from\n  Safari, Mail or Files), allow the download, then *Settings → General → VPN & Device\n  Management* to install it. (Once the root is committed, `root.certificate`, the bundle\n  has a profile for this.)\n'
                yield '  On iOS and iPadOS the root is not trusted for TLS until\n  *Settings → General → About → Certificate Trust Settings* has full trust switched on\n  for "'
                yield str(environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'common_name'))
                yield '". Compare the fingerprint shown in the profile details.\n'
            elif (l_1_target == 'android'):
                pass
                yield "- **Android**: copy the root in DER form (`certs/root.crt` of the export) to the device and\n  install it under *Settings → Security → Encryption & credentials → Install a certificate\n  → CA certificate*. Android apps trust user-installed roots only if they opt in; Chrome\n  and the system's Wi-Fi (EAP-TLS) do. A PKCS#12 from section 6 carries the root too.\n"
            elif (l_1_target == 'firefox'):
                pass
                yield '- **Firefox** keeps its own store: on Linux install the root as above, then copy\n  `trust/firefox/policies.json` to `/etc/firefox/policies/`; it imports `'
                yield str(environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'name'))
                yield '.crt`.\n  On Windows and macOS Firefox takes what the system trusts\n  (`security.enterprise_roots.enabled`, on by default), so the Windows or Apple step is\n  enough there.\n'
        l_1_target = missing
    else:
        pass
        yield '\nThe spec names no trust targets (`trust.targets`).\n'
    yield '\n## 5. The reverse proxies\n'
    if environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'any'):
        pass
        if environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'traefik'):
            pass
            l_0_t = environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'traefik')
            context.vars['t'] = l_0_t
            context.exported_vars.add('t')
            yield '\n**Traefik '
            yield str(('3.2 or later' if (environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'version') == '3') else environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'version')))
            yield '**: merge `edge/traefik/traefik.yml` into the static configuration;\n'
            if environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'mtls_option'):
                pass
                yield 'put `edge/traefik/dynamic/'
                yield str(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'mtls_option'))
                yield ".yml` in the file provider's folder; "
            yield "add\n`edge/traefik/compose.traefik.yml` as a Compose override. Mount the export's `certs/`\n(`root.pem`"
            for l_1_f in environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'ca_files'):
                _loop_vars = {}
                pass
                yield ', `'
                yield str(environment.getitem(context.call(environment.getattr(l_1_f, 'rsplit'), '/', 1, _loop_vars=_loop_vars), 1))
                yield '`'
            l_1_f = missing
            yield ') at `'
            yield str(environment.getitem(context.call(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'root_file'), 'rsplit'), '/', 1), 0))
            yield '` in the container. Traefik orders\n'
            yield str(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'hours'))
            yield '-hour certificates with '
            yield str(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'challenge'))
            yield ' and renews each when less than '
            yield str(context.call(environment.getattr(environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'renew_before'), 'human')))
            yield ' of it is left.\n'
            if environment.getattr((undefined(name='t') if l_0_t is missing else l_0_t), 'mtls_option'):
                pass
                yield 'Traefik checks no CRL: a revoked client certificate is accepted until it expires.\n'
        def t_7(fiter):
            for l_1_proxy in fiter:
                if l_1_proxy:
                    yield l_1_proxy
        for l_1_proxy in t_7([environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'caddy'), environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'nginx')]):
            _loop_vars = {}
            pass
            if (environment.getattr(l_1_proxy, 'kind') == 'caddy'):
                pass
                yield '\n**Caddy** ('
                yield str(environment.getattr(l_1_proxy, 'server_name'))
                yield '): copy root.pem'
                for l_2_f in environment.getattr(l_1_proxy, 'intermediate_files'):
                    _loop_vars = {}
                    pass
                    yield ', '
                    yield str(environment.getitem(context.call(environment.getattr(l_2_f, 'rsplit'), '/', 1, _loop_vars=_loop_vars), 1))
                l_2_f = missing
                yield ' of the export to\n`'
                yield str(environment.getattr(l_1_proxy, 'certs_dir'))
                yield '/`, `edge/caddy/Caddyfile` too, `import` it from `/etc/caddy/Caddyfile`, and\nreload Caddy. It orders and renews its certificate itself.\n'
                if environment.getattr(l_1_proxy, 'mtls'):
                    pass
                    yield 'Caddy checks no CRL: a revoked client certificate is accepted until it expires.\n'
            else:
                pass
                yield '\n**nginx** ('
                yield str(environment.getattr(l_1_proxy, 'server_name'))
                yield '), as root on the proxy host:\n\n1. `install -m 644 edge/nginx/'
                yield str(environment.getattr(l_1_proxy, 'server_name'))
                yield '-acme.conf /etc/nginx/sites-available/` and link it\n   from `sites-enabled`; `systemctl reload nginx` (port 80 answers the challenges).\n2. `edge/nginx/obtain-certificate.sh /path/to/export` installs the CA certificates in\n   `'
                yield str(environment.getattr(l_1_proxy, 'certs_dir'))
                yield '` and orders the certificate with certbot. Renewal: install\n   `edge/nginx/systemd/'
                yield str(environment.getattr(l_1_proxy, 'renew_unit'))
                yield '.service` and `.timer` in `/etc/systemd/system/` and\n   `systemctl enable --now '
                yield str(environment.getattr(l_1_proxy, 'renew_unit'))
                yield ".timer` (certbot's own timer may leave a\n   day between two runs, longer than a short certificate lives).\n"
                if environment.getattr(l_1_proxy, 'crl_file'):
                    pass
                    yield '3. The CRLs, before the site that reads them: `install -m 755 edge/nginx/sbin/'
                    yield str(environment.getattr(l_1_proxy, 'unit'))
                    yield '\n   /usr/local/sbin/`, its two units from `edge/nginx/systemd/` to `/etc/systemd/system/`,\n   run it once (`/usr/local/sbin/'
                    yield str(environment.getattr(l_1_proxy, 'unit'))
                    yield '`), then\n   `systemctl enable --now '
                    yield str(environment.getattr(l_1_proxy, 'unit'))
                    yield '.timer`. nginx refuses every client once a CRL\n   has expired: the timer fetches them hourly.\n4. The same as step 1 for `edge/nginx/'
                    yield str(environment.getattr(l_1_proxy, 'server_name'))
                    yield '.conf`; `nginx -t && systemctl reload nginx`.\n'
                else:
                    pass
                    yield '3. The same as step 1 for `edge/nginx/'
                    yield str(environment.getattr(l_1_proxy, 'server_name'))
                    yield '.conf`; `nginx -t && systemctl reload nginx`.\n'
        l_1_proxy = missing
    else:
        pass
        yield '\nThe spec has no reverse proxies (`proxies`).\n'
    yield '\n## 6. Client certificates\n'
    if environment.getattr((undefined(name='devices') if l_0_devices is missing else l_0_devices), 'any'):
        pass
        yield "\n`devices/issue-certificate.py NAME --root certs/root.pem` (Python 3 with python3-cryptography,\non any machine that reaches step-ca) asks step-ca's JWK provisioner for the certificate;\nit asks for the provisioner's passphrase. Each device:\n\n"
        for l_1_i in environment.getattr((undefined(name='devices') if l_0_devices is missing else l_0_devices), 'issued'):
            _loop_vars = {}
            pass
            if (environment.getattr(l_1_i, 'output') == 'pkcs12'):
                pass
                yield '- **'
                yield str(environment.getattr(l_1_i, 'common_name'))
                yield '** ('
                yield str(environment.getattr(l_1_i, 'platform'))
                yield '): `issue-certificate.py '
                yield str(environment.getattr(l_1_i, 'slug'))
                yield ' --root certs/root.pem --out DIR`\n  writes `'
                yield str(environment.getattr(l_1_i, 'slug'))
                yield '.p12` ('
                yield str(environment.getattr(l_1_i, 'pkcs12'))
                yield ' encryption'
                yield str((': 3DES and SHA-1, which iOS and older Android need' if (environment.getattr(l_1_i, 'pkcs12') == 'compatible') else ': AES-256'))
                yield ')\n  under a passphrase you choose. Carry it to the device, open it and give the passphrase\n  separately'
                yield str(('; Android asks what it is for: *VPN and app user certificate* or *Wi-Fi*' if (environment.getattr(l_1_i, 'platform') == 'android') else ''))
                yield '.\n'
            elif (environment.getattr(l_1_i, 'output') == 'csr'):
                pass
                yield '- **'
                yield str(environment.getattr(l_1_i, 'common_name'))
                yield '** (Windows, key in the TPM): copy `devices/windows/'
                yield str(environment.getattr(l_1_i, 'slug'))
                yield '.inf` to the PC;\n  there, as the user: `certreq -new '
                yield str(environment.getattr(l_1_i, 'slug'))
                yield '.inf '
                yield str(environment.getattr(l_1_i, 'slug'))
                yield '.csr`; back here:\n  `issue-certificate.py '
                yield str(environment.getattr(l_1_i, 'slug'))
                yield ' --root certs/root.pem --csr '
                yield str(environment.getattr(l_1_i, 'slug'))
                yield '.csr --out DIR`; on the PC:\n  `certreq -accept -user '
                yield str(environment.getattr(l_1_i, 'slug'))
                yield ".p7b` (the certificate with its intermediate, into the user's store,\n  where browsers look).\n"
            else:
                pass
                yield '- **'
                yield str(environment.getattr(l_1_i, 'common_name'))
                yield '** (signs the Apple profiles): `issue-certificate.py '
                yield str(environment.getattr(l_1_i, 'slug'))
                yield ' --root certs/root.pem --out DIR`\n  writes `'
                yield str(environment.getattr(l_1_i, 'slug'))
                yield '.key` (encrypted), `'
                yield str(environment.getattr(l_1_i, 'slug'))
                yield '.crt` and `'
                yield str(environment.getattr(l_1_i, 'slug'))
                yield '.chain.pem`.\n'
        l_1_i = missing
        for l_1_a in environment.getattr((undefined(name='devices') if l_0_devices is missing else l_0_devices), 'apple'):
            _loop_vars = {}
            pass
            yield '- **'
            yield str(environment.getattr(l_1_a, 'display_name'))
            yield '** (Apple, key in the Secure Enclave): `devices/apple/'
            yield str(environment.getattr(l_1_a, 'slug'))
            yield '.mobileconfig` makes the\n  device order its own certificate with device-attest-01; the CN is "'
            yield str(environment.getattr(l_1_a, 'client_identifier'))
            yield '",\n  which must be the device\'s serial number or UDID.'
            if environment.getattr((undefined(name='devices') if l_0_devices is missing else l_0_devices), 'signer'):
                pass
                yield ' Sign it first:\n  `devices/sign-profile.sh DIR devices/apple/'
                yield str(environment.getattr(l_1_a, 'slug'))
                yield '.mobileconfig '
                yield str(environment.getattr(l_1_a, 'slug'))
                yield '-signed.mobileconfig`.'
            yield '\n'
        l_1_a = missing
        if environment.getattr((undefined(name='devices') if l_0_devices is missing else l_0_devices), 'issued'):
            pass
            yield "\nHow long each certificate lasts (its `lifetime`, or its provisioner's default): "
            l_1_loop = missing
            for l_1_i, l_1_loop in LoopContext(environment.getattr((undefined(name='devices') if l_0_devices is missing else l_0_devices), 'issued'), undefined):
                _loop_vars = {}
                pass
                yield str(environment.getattr(l_1_i, 'slug'))
                yield ' '
                yield str(environment.getattr(l_1_i, 'lifetime'))
                if (not environment.getattr(l_1_loop, 'last')):
                    pass
                    yield ', '
            l_1_loop = l_1_i = missing
            yield ".\nRenew it before it expires with the same command and `--renew`, just before you carry the\nnew file to the device: it keeps each old file as `*.previous` and revokes the old\ncertificate at once (superseded), so where step-ca's CRL is checked the device is refused\nuntil it has the new one. A request brings its own `--csr` again.\n\n        devices/issue-certificate.py "
            yield str(environment.getattr(environment.getitem(environment.getattr((undefined(name='devices') if l_0_devices is missing else l_0_devices), 'issued'), 0), 'slug'))
            yield " --root certs/root.pem --out DIR --renew\n\n**A lost or stolen device**: revoke its certificate (the `.crt` that was written beside it)\nat step-ca with the provisioner's passphrase:\n\n        devices/issue-certificate.py "
            yield str(environment.getattr(environment.getitem(environment.getattr((undefined(name='devices') if l_0_devices is missing else l_0_devices), 'issued'), 0), 'slug'))
            yield ' --root certs/root.pem --revoke DIR/'
            yield str(environment.getattr(environment.getitem(environment.getattr((undefined(name='devices') if l_0_devices is missing else l_0_devices), 'issued'), 0), 'slug'))
            yield '.crt\n\nstep-ca records it as revoked'
            if environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'crl_url'):
                pass
                yield ' and lists it in its CRL at once'
            if ((environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'nginx') and environment.getattr(environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'nginx'), 'crl_file')) and environment.getattr(environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'nginx'), 'mtls')):
                pass
                yield '; nginx refuses it once its hourly CRL\nrefresh has fetched that CRL (`/usr/local/sbin/'
                yield str(environment.getattr(environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'nginx'), 'unit'))
                yield '` does it at once)'
            yield '.\n'
            l_0_blind = []
            context.vars['blind'] = l_0_blind
            context.exported_vars.add('blind')
            if (environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'traefik') and environment.getattr(environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'traefik'), 'mtls_option')):
                pass
                l_0__ = context.call(environment.getattr((undefined(name='blind') if l_0_blind is missing else l_0_blind), 'append'), 'Traefik')
                context.vars['_'] = l_0__
            if (environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'caddy') and environment.getattr(environment.getattr((undefined(name='edge') if l_0_edge is missing else l_0_edge), 'caddy'), 'mtls')):
                pass
                l_0__ = context.call(environment.getattr((undefined(name='blind') if l_0_blind is missing else l_0_blind), 'append'), 'Caddy')
                context.vars['_'] = l_0__
            if (undefined(name='blind') if l_0_blind is missing else l_0_blind):
                pass
                yield str(t_1(context.eval_ctx, (undefined(name='blind') if l_0_blind is missing else l_0_blind), ' and '))
                yield ' check'
                yield str(('s' if (t_2((undefined(name='blind') if l_0_blind is missing else l_0_blind)) == 1) else ''))
                yield ' no CRL: there the device keeps access until its certificate\nexpires, at most its lifetime above after it was issued or renewed.\n'
            yield "\nEach device is named by a URI on step-ca's host (`"
            yield str(environment.getitem(environment.getattr(environment.getitem(environment.getattr((undefined(name='devices') if l_0_devices is missing else l_0_devices), 'issued'), 0), 'sans'), 0))
            yield "`).\nA certificate that pkispec's device tool issued before this release names it without a\nhost (`urn:pkispec:"
            yield str((undefined(name='name') if l_0_name is missing else l_0_name))
            yield ':'
            yield str(environment.getattr(environment.getitem(environment.getattr((undefined(name='devices') if l_0_devices is missing else l_0_devices), 'issued'), 0), 'slug'))
            yield "`): programs built with Go 1.26 or later (the\nnewest Caddy and Traefik, step-ca's own renewal) refuse it under the intermediate's name\nconstraints. `openssl x509 -in NAME.crt -noout -ext subjectAltName` shows which; issue\nthose again.\n\n**With the step CLI** (the guide's way, `step` 0.26.1 or later) instead of\n`issue-certificate.py`: once, on the machine you issue from, trust step-ca by the export's\nroot:\n\n        step ca bootstrap --ca-url "
            yield str(environment.getattr((undefined(name='devices') if l_0_devices is missing else l_0_devices), 'ca_url'))
            yield ' --fingerprint "$(step certificate fingerprint certs/root.pem)"\n\nThen each device, named exactly as `issue-certificate.py` names it: without `--san`,\nstep-ca takes the device\'s name for a DNS name, which the intermediate\'s name constraints\nrefuse. `step` asks for the provisioner\'s passphrase (`--provisioner-password-file FILE`\nreads it from a file).\n\n'
            for l_1_i in environment.getattr((undefined(name='devices') if l_0_devices is missing else l_0_devices), 'issued'):
                l_1_lifetime = missing
                _loop_vars = {}
                pass
                l_1_lifetime = ((' --not-after ' + environment.getattr(l_1_i, 'not_after')) if environment.getattr(l_1_i, 'not_after') else '')
                _loop_vars['lifetime'] = l_1_lifetime
                if (environment.getattr(l_1_i, 'output') == 'csr'):
                    pass
                    yield '        step ca sign '
                    yield str(environment.getattr(l_1_i, 'slug'))
                    yield '.csr '
                    yield str(environment.getattr(l_1_i, 'slug'))
                    yield '.crt --provisioner '
                    yield str(environment.getattr(l_1_i, 'provisioner'))
                    yield str((undefined(name='lifetime') if l_1_lifetime is missing else l_1_lifetime))
                    yield '\n'
                else:
                    pass
                    yield '        step ca certificate '
                    yield str(t_6(environment.getattr(l_1_i, 'common_name')))
                    yield ' '
                    yield str(environment.getattr(l_1_i, 'slug'))
                    yield '.crt '
                    yield str(environment.getattr(l_1_i, 'slug'))
                    yield '.key --provisioner '
                    yield str(environment.getattr(l_1_i, 'provisioner'))
                    for l_2_s in environment.getattr(l_1_i, 'sans'):
                        _loop_vars = {}
                        pass
                        yield ' --san '
                        yield str(l_2_s)
                    l_2_s = missing
                    yield str((undefined(name='lifetime') if l_1_lifetime is missing else l_1_lifetime))
                    yield '\n'
            l_1_i = l_1_lifetime = missing
            yield '\nThe `.p12` for a phone is then `openssl pkcs12 -export` of the key, the certificate and\n`certs/'
            yield str(environment.getattr(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'signer'), 'slug'))
            yield '.pem` of the export, as the guide does (`-legacy` for iOS).\n'
            l_0_renewable = t_3(context.eval_ctx, t_4(context, t_5(context, environment.getattr((undefined(name='devices') if l_0_devices is missing else l_0_devices), 'issued'), 'renewable'), attribute='slug'))
            context.vars['renewable'] = l_0_renewable
            context.exported_vars.add('renewable')
            yield 'Renew by issuing again, then revoke the old one (`step ca revoke --cert NAME.crt --key\nNAME.key` revokes a certificate with its own key). '
            if (undefined(name='renewable') if l_0_renewable is missing else l_0_renewable):
                pass
                yield '**Warning**: the spec lets\nstep-ca renew '
                yield str(t_1(context.eval_ctx, (undefined(name='renewable') if l_0_renewable is missing else l_0_renewable), ', '))
                yield " over mTLS (`disable_renewal: false`): a thief could\nrenew a lost device's certificate before it is revoked and hold one the revocation does\nnot name."
            else:
                pass
                yield "step-ca does not renew a device's\ncertificate over mTLS (`step ca renew`): the provisioners' claims say `disableRenewal`,\nsince a thief could otherwise renew a lost device's certificate before it is revoked and\nhold one the revocation does not name."
            yield '\n'
    else:
        pass
        yield '\nThe spec has no clients (`clients`).\n'
    yield '\n'

blocks = {}
debug_info = '2=57&5=60&6=63&7=66&9=68&10=71&12=74&16=76&17=78&21=81&22=83&23=85&24=88&28=93&35=96&36=98&41=101&43=104&55=111&56=113&57=115&59=119&60=121&62=127&63=137&64=143&68=146&69=153&71=156&72=165&74=167&79=173&81=175&84=177&85=179&86=181&88=183&89=186&91=188&92=190&94=192&96=197&106=204&112=207&113=210&114=213&115=219&117=225&118=227&119=230&120=234&121=238&122=242&125=247&126=251&129=258&130=262&131=266&132=268&133=271&135=277&137=281&143=292&148=294&150=298&151=304&152=307&153=318&154=320&158=325&160=327&169=331&176=333&177=337&178=339&179=342&181=352&186=369&187=371&189=375&190=378'