from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'Install-Root.ps1.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_trust = resolve('trust')
    try:
        t_1 = environment.filters['psq']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'psq' found.")
    pass
    yield '# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield '\n# Trust the root "'
    yield str(environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'common_name'))
    yield '" on Windows: it is imported into the machine\'s\n# Trusted Root Certification Authorities (LocalMachine\\Root), for every user and for\n# Edge, Chrome and Firefox (with security.enterprise_roots.enabled, the default there).\n# In an administrator PowerShell:\n#   powershell -ExecutionPolicy Bypass -File Install-Root.ps1 -Fingerprint <SHA-256> [-Source <file or URL>]\n# The fingerprint is the one written down at the root ceremony; nothing is imported\n# unless it matches.\nparam(\n'
    if environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'fingerprint'):
        pass
        yield "    # the committed root's, unless you give another\n    [string]$Fingerprint = '"
        yield str(environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'fingerprint'))
        yield "',\n"
    else:
        pass
        yield '    [Parameter(Mandatory = $true)][string]$Fingerprint,\n'
    yield '    [string]$Source = '
    yield str(t_1(environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'root_url')))
    yield "\n)\n$ErrorActionPreference = 'Stop'\n\n$want = ($Fingerprint -replace '[:\\s]', '').ToLowerInvariant()\nif ($want -notmatch '^[0-9a-f]{64}$') { throw 'a SHA-256 fingerprint has 64 hex digits' }\n$file = Join-Path ([IO.Path]::GetTempPath()) "
    yield str(t_1((environment.getattr((undefined(name='trust') if l_0_trust is missing else l_0_trust), 'name') + '.crt')))
    yield '\nif ($Source -match \'^https?://\') {\n    Invoke-WebRequest -UseBasicParsing -Uri $Source -OutFile $file\n} else {\n    Copy-Item -LiteralPath $Source -Destination $file -Force\n}\n$cert = New-Object System.Security.Cryptography.X509Certificates.X509Certificate2 -ArgumentList $file\n$sha256 = [System.Security.Cryptography.SHA256]::Create()\n$have = ([BitConverter]::ToString($sha256.ComputeHash($cert.RawData)) -replace \'-\', \'\').ToLowerInvariant()\nif ($have -ne $want) {\n    Remove-Item -LiteralPath $file\n    throw "$Source has the fingerprint $have, not $want; nothing imported"\n}\nImport-Certificate -FilePath $file -CertStoreLocation Cert:\\LocalMachine\\Root | Out-Null\nRemove-Item -LiteralPath $file\nWrite-Output "ok: $($cert.Subject) is trusted ($have)"\n'

blocks = {}
debug_info = '1=20&2=22&10=24&12=27&16=33&22=35'