from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'openssl.cnf.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_ca = resolve('ca')
    l_0_prefix = resolve('prefix')
    l_0_crl = resolve('crl')
    l_0_policy_name = resolve('policy_name')
    l_0_intermediates = resolve('intermediates')
    try:
        t_1 = environment.filters['cnf']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'cnf' found.")
    try:
        t_2 = environment.filters['format']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'format' found.")
    pass
    yield '# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield '\n# openssl.cnf of the '
    yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'title'))
    yield ', in the layout of the guide (jamielinux.com).\n# The CA directory is '
    yield str((undefined(name='prefix') if l_0_prefix is missing else l_0_prefix))
    yield str((('/' + environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'dir')) if environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'dir') else ''))
    yield '; the ceremony scripts\n# set PKISPEC_PREFIX to move it, and every path below follows.\nPKISPEC_PREFIX = '
    yield str(t_1((undefined(name='prefix') if l_0_prefix is missing else l_0_prefix)))
    yield '\n\n[ ca ]\ndefault_ca = CA_default\n\n[ CA_default ]\ndir               = $ENV::PKISPEC_PREFIX'
    yield str((('/' + environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'dir')) if environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'dir') else ''))
    yield '\ncerts             = $dir/certs\ncrl_dir           = $dir/crl\nnew_certs_dir     = $dir/newcerts\ndatabase          = $dir/index.txt\n# Serial numbers are 159 random bits (rand_serial), so no serial file is kept.\nrand_serial       = yes\nunique_subject    = no\nprivate_key       = $dir/'
    yield str(environment.getattr(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'files'), 'key'))
    yield '\ncertificate       = $dir/'
    yield str(environment.getattr(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'files'), 'cert'))
    yield '\ncrlnumber         = $dir/crlnumber\ncrl               = $dir/'
    yield str(environment.getattr(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'files'), 'crl_pem'))
    yield '\ncrl_extensions    = crl_ext\ndefault_crl_hours = '
    yield str(environment.getattr((undefined(name='crl') if l_0_crl is missing else l_0_crl), 'hours'))
    yield '\ndefault_md        = '
    yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'digest'))
    yield '\nname_opt          = ca_default\ncert_opt          = ca_default\npreserve          = no\ncopy_extensions   = none\npolicy            = '
    yield str((undefined(name='policy_name') if l_0_policy_name is missing else l_0_policy_name))
    yield '\n\n[ '
    yield str((undefined(name='policy_name') if l_0_policy_name is missing else l_0_policy_name))
    yield ' ]\n# See the POLICY FORMAT section of `man ca`; fields not listed are dropped.\n'
    for (l_1_field, l_1_rule) in environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'policy'):
        _loop_vars = {}
        pass
        yield str(t_2('%-23s', l_1_field))
        yield ' = '
        yield str(l_1_rule)
        yield '\n'
    l_1_field = l_1_rule = missing
    yield '\n[ req ]\n# The subject is fixed by the spec: no prompts, no defaults to retype.\ndistinguished_name  = req_distinguished_name\nstring_mask         = utf8only\nutf8                = yes\nprompt              = no\ndefault_md          = '
    yield str(environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'digest'))
    yield '\n'
    if (environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'role') == 'root'):
        pass
        yield 'x509_extensions     = v3_ca\n'
    yield '\n[ req_distinguished_name ]\n'
    for (l_1_field, l_1_value) in environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'subject'):
        _loop_vars = {}
        pass
        yield str(t_2('%-23s', l_1_field))
        yield ' = '
        yield str(t_1(l_1_value))
        yield '\n'
    l_1_field = l_1_value = missing
    if (environment.getattr((undefined(name='ca') if l_0_ca is missing else l_0_ca), 'role') == 'root'):
        pass
        yield '\n[ v3_ca ]\n# Extensions of the self-signed root (`man x509v3_config`).\nsubjectKeyIdentifier   = hash\nauthorityKeyIdentifier = keyid:always\nbasicConstraints       = critical, CA:true\nkeyUsage               = critical, cRLSign, keyCertSign\n'
        for l_1_inter in (undefined(name='intermediates') if l_0_intermediates is missing else l_0_intermediates):
            _loop_vars = {}
            pass
            yield '\n[ v3_'
            yield str(environment.getattr(l_1_inter, 'slug'))
            yield '_ca ]\n# Extensions of the '
            yield str(environment.getattr(l_1_inter, 'title'))
            yield ', signed by this root.\nsubjectKeyIdentifier   = hash\nauthorityKeyIdentifier = keyid:always\nbasicConstraints       = critical, CA:true, pathlen:'
            yield str(environment.getattr(l_1_inter, 'pathlen'))
            yield '\nkeyUsage               = critical, digitalSignature, cRLSign, keyCertSign\ncrlDistributionPoints  = URI:'
            yield str(environment.getattr((undefined(name='crl') if l_0_crl is missing else l_0_crl), 'url'))
            yield '\n'
            if environment.getattr(l_1_inter, 'name_constraints'):
                pass
                yield 'nameConstraints        = '
                yield str(environment.getattr(l_1_inter, 'name_constraints'))
                yield '\n'
        l_1_inter = missing
    else:
        pass
        yield '\n[ usr_cert ]\n# Extensions of client certificates (mTLS, `man x509v3_config`).\nbasicConstraints       = critical, CA:FALSE\nsubjectKeyIdentifier   = hash\nauthorityKeyIdentifier = keyid:always\nkeyUsage               = critical, digitalSignature\nextendedKeyUsage       = clientAuth\n\n[ server_cert ]\n# Extensions of server certificates; the names come with -extfile or from step-ca.\nbasicConstraints       = critical, CA:FALSE\nsubjectKeyIdentifier   = hash\nauthorityKeyIdentifier = keyid:always\nkeyUsage               = critical, digitalSignature\nextendedKeyUsage       = serverAuth\n'
    yield '\n[ crl_ext ]\n# Extensions of CRLs (`man x509v3_config`).\nauthorityKeyIdentifier = keyid:always\n'

blocks = {}
debug_info = '1=30&2=32&3=34&5=37&11=39&19=41&20=43&22=45&24=47&25=49&30=51&32=53&34=55&35=58&44=64&45=66&50=70&51=73&53=78&61=81&63=85&64=87&67=89&69=91&70=93&71=96'