from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'certreq.inf.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_client = resolve('client')
    l_0_subject = resolve('subject')
    l_0_friendly = resolve('friendly')
    l_0_sans = resolve('sans')
    pass
    yield '; '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield '\n; The certificate request of "'
    yield str(environment.getattr((undefined(name='client') if l_0_client is missing else l_0_client), 'common_name'))
    yield '", for certreq on the Windows PC.\n; The key is made in the PC\'s TPM (Microsoft Platform Crypto Provider) and cannot be\n; exported. On the PC, as the user who will use the certificate:\n;   certreq -new '
    yield str(environment.getattr((undefined(name='client') if l_0_client is missing else l_0_client), 'slug'))
    yield '.inf '
    yield str(environment.getattr((undefined(name='client') if l_0_client is missing else l_0_client), 'slug'))
    yield '.csr\n; then, where step-ca is reachable: issue-certificate.py '
    yield str(environment.getattr((undefined(name='client') if l_0_client is missing else l_0_client), 'slug'))
    yield ' --root root.pem --csr '
    yield str(environment.getattr((undefined(name='client') if l_0_client is missing else l_0_client), 'slug'))
    yield '.csr\n; and back on the PC: certreq -accept -user '
    yield str(environment.getattr((undefined(name='client') if l_0_client is missing else l_0_client), 'slug'))
    yield '.p7b (the certificate and its chain)\n[Version]\nSignature = "$Windows NT$"\n\n[NewRequest]\nSubject = '
    yield str((undefined(name='subject') if l_0_subject is missing else l_0_subject))
    yield '\nFriendlyName = '
    yield str((undefined(name='friendly') if l_0_friendly is missing else l_0_friendly))
    yield '\nRequestType = PKCS10\nHashAlgorithm = SHA256\nKeyAlgorithm = '
    yield str(environment.getattr((undefined(name='client') if l_0_client is missing else l_0_client), 'key_algorithm'))
    yield '\nKeyLength = '
    yield str(environment.getattr((undefined(name='client') if l_0_client is missing else l_0_client), 'key_length'))
    yield '\nExportable = FALSE\nMachineKeySet = FALSE\nProviderName = "Microsoft Platform Crypto Provider"\n'
    if (environment.getattr((undefined(name='client') if l_0_client is missing else l_0_client), 'key_algorithm') == 'RSA'):
        pass
        yield 'KeyUsage = "CERT_DIGITAL_SIGNATURE_KEY_USAGE | CERT_KEY_ENCIPHERMENT_KEY_USAGE"\n'
    else:
        pass
        yield '; an ECDSA key signs; it cannot encipher keys (the guide asked for both)\nKeyUsage = "CERT_DIGITAL_SIGNATURE_KEY_USAGE"\n'
    yield '\n[EnhancedKeyUsageExtension]\nOID = 1.3.6.1.5.5.7.3.2 ; client authentication\n\n[Extensions]\n; the subject alternative name that issue-certificate.py expects\n2.5.29.17 = "{text}"\n'
    for l_1_san in (undefined(name='sans') if l_0_sans is missing else l_0_sans):
        _loop_vars = {}
        pass
        yield '_continue_ = '
        yield str(l_1_san)
        yield '\n'
    l_1_san = missing

blocks = {}
debug_info = '1=17&2=19&5=21&6=25&7=29&12=31&13=33&16=35&17=37&21=39&34=46&35=50'