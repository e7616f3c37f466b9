from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'add-jwk-provisioner.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_step = resolve('step')
    l_0_provisioners = resolve('provisioners')
    l_0_paths = resolve('paths')
    try:
        t_1 = environment.filters['pyrepr']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'pyrepr' found.")
    pass
    yield '#!/usr/bin/env python3\n# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield '\n"""Add a JWK provisioner of the spec to step-ca\'s ca.json, on the CA host.\n\nUsage: add-jwk-provisioner.py NAME        (STEPPATH moves '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'steppath'))
    yield ')\n\nIt makes a new P-256 key. step-ca keeps the public half to check the tokens the\nprovisioner signs; the private half is stored beside it encrypted under a passphrase you\ntype (or read from $PKISPEC_PROVISIONER_PASSFILE), as `step ca token` expects: a JWE\nwith PBES2-HS256+A128KW and A256GCM. Needs python3 and python3-cryptography. A name that\nca.json already has keeps its key; its claims and options become the spec\'s.\n\nSeveral step-ca hosts behind one name must share each provisioner\'s key: on the second\nand later hosts, set PKISPEC_PROVISIONERS_FROM to the first host\'s ca.json, and the\nprovisioner is copied from there (its private key is encrypted; but ca.json may hold the\ndatabase password, so copy it securely).\n"""\n\nimport base64\nimport getpass\nimport json\nimport os\nimport secrets\nimport sys\nfrom pathlib import Path\nfrom typing import Any\n\nfrom cryptography.hazmat.primitives import hashes\nfrom cryptography.hazmat.primitives.asymmetric import ec\nfrom cryptography.hazmat.primitives.ciphers.aead import AESGCM\nfrom cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC\nfrom cryptography.hazmat.primitives.keywrap import aes_key_wrap\n\n#: the spec\'s JWK provisioners, their claims and options, as ca.json writes them\nPROVISIONERS: dict[str, dict[str, object]] = (\n'
    yield str(t_1((undefined(name='provisioners') if l_0_provisioners is missing else l_0_provisioners)))
    yield '\n)\nITERATIONS = 100000  # what `step crypto jwk create` uses\n\n\ndef b64(data: bytes) -> str:\n    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()\n\n\ndef coordinate(value: int) -> str:\n    return b64(value.to_bytes(32, "big"))\n\n\ndef new_jwk() -> tuple[dict[str, str], dict[str, str]]:\n    key = ec.generate_private_key(ec.SECP256R1())\n    numbers = key.private_numbers()\n    public = {"crv": "P-256", "kty": "EC", "x": coordinate(numbers.public_numbers.x),\n              "y": coordinate(numbers.public_numbers.y)}\n    digest = hashes.Hash(hashes.SHA256())\n    digest.update(json.dumps(public, separators=(",", ":"), sort_keys=True).encode())\n    public.update({"kid": b64(digest.finalize()), "use": "sig", "alg": "ES256"})\n    return public, dict(public, d=coordinate(numbers.private_value))\n\n\ndef encrypt(private: dict[str, str], passphrase: str) -> str:\n    """RFC 7516 compact JWE of the private JWK under the passphrase (RFC 7518 4.8, 5.3)."""\n    salt = secrets.token_bytes(16)\n    algorithm = b"PBES2-HS256+A128KW"\n    header: dict[str, object] = {"alg": algorithm.decode(), "enc": "A256GCM",\n                                 "cty": "jwk+json", "p2c": ITERATIONS, "p2s": b64(salt)}\n    protected = b64(json.dumps(header, separators=(",", ":")).encode())\n    kdf = PBKDF2HMAC(hashes.SHA256(), 16, algorithm + b"\\0" + salt, ITERATIONS)\n    content_key, iv = secrets.token_bytes(32), secrets.token_bytes(12)\n    sealed = AESGCM(content_key).encrypt(iv, json.dumps(private).encode(), protected.encode())\n    wrapped = aes_key_wrap(kdf.derive(passphrase.encode()), content_key)\n    return ".".join([protected, b64(wrapped), b64(iv), b64(sealed[:-16]), b64(sealed[-16:])])\n\n\n'
    template = environment.get_template('_write_json.py.j2', 'add-jwk-provisioner.py.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '\n\ndef copied(name: str, source: str) -> dict[str, Any]:\n    config = json.loads(Path(source).read_text(encoding="utf-8"))\n    for entry in config.get("authority", {}).get("provisioners", []):\n        if entry.get("type") == "JWK" and entry.get("name") == name:\n            return dict(entry)\n    sys.exit(f"error: {source} has no JWK provisioner {name!r} to copy")\n\n\ndef passphrase(name: str) -> str:\n    path = os.environ.get("PKISPEC_PROVISIONER_PASSFILE")\n    if path:\n        return Path(path).read_text(encoding="utf-8").splitlines()[0]\n    first = getpass.getpass(f"New passphrase of the provisioner {name!r}: ")\n    if not first or first != getpass.getpass("The same again: "):\n        sys.exit("error: the two passphrases differ, or are empty; nothing was changed")\n    return first\n\n\ndef main(argv: list[str]) -> int:\n    if len(argv) != 2 or argv[1] not in PROVISIONERS:\n        sys.exit(f"usage: add-jwk-provisioner.py NAME, NAME one of {sorted(PROVISIONERS)}")\n    name = argv[1]\n    steppath = Path(os.environ.get("STEPPATH", '
    yield str(t_1(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'steppath')))
    yield '))\n    path = steppath / '
    yield str(t_1(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'ca_json')))
    yield '\n    config = json.loads(path.read_text(encoding="utf-8"))\n    provisioners = config.setdefault("authority", {}).setdefault("provisioners", [])\n    existing = next((p for p in provisioners if p.get("name") == name), None)\n    if existing is not None:  # its key stays; what the spec sets of it follows the spec\n        settings = {k: existing.get(k) for k in ("claims", "options") if k in existing}\n        if settings == PROVISIONERS[name]:\n            print(f"==> {path} already has the provisioner {name!r}; it is kept")\n            return 0\n        for key in ("claims", "options"):\n            existing.pop(key, None)\n        existing.update(PROVISIONERS[name])\n        write_json(path, config)\n        print(f"==> updated the claims and options of the provisioner {name!r} in {path} "\n              "(its key is kept); restart step-ca")\n        return 0\n    source = os.environ.get("PKISPEC_PROVISIONERS_FROM")\n    if source:\n        entry = copied(name, source)\n    else:\n        public, private = new_jwk()\n        entry = {"type": "JWK", "name": name, "key": public,\n                 "encryptedKey": encrypt(private, passphrase(name))}\n    entry.update(PROVISIONERS[name])\n    provisioners.insert(0, entry)\n    write_json(path, config)\n    print(f"==> added the JWK provisioner {name!r} (key id {entry[\'key\'][\'kid\']}) to {path}")\n    return 0\n\n\nif __name__ == "__main__":\n    sys.exit(main(sys.argv))\n'

blocks = {}
debug_info = '2=22&5=24&36=26&74=28&99=35&100=37'