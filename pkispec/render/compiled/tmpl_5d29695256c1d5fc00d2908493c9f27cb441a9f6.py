from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'set-data-source.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_step = resolve('step')
    l_0_dsn_file = resolve('dsn_file')
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
    yield '\n"""Put the MySQL/MariaDB data source of step-ca "'
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'name'))
    yield '" into its ca.json.\n\nUsage: set-data-source.py        (STEPPATH moves '
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'steppath'))
    yield ')\n\nThe data source (e.g. `step:secret@tcp(db.internal:3306)/`) holds a password, so it is\nnever in the spec or the bundle: it is read here from $PKISPEC_DSN, or else from the file\n'
    yield str((undefined(name='dsn_file') if l_0_dsn_file is missing else l_0_dsn_file))
    yield ", and written only into the CA host's ca.json (readable by "
    yield str(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'user'))
    yield ').\n"""\n\nimport json\nimport os\nimport sys\nfrom pathlib import Path\n\nDSN_FILE = '
    yield str(t_1((undefined(name='dsn_file') if l_0_dsn_file is missing else l_0_dsn_file)))
    yield '\n\n\ndef main() -> int:\n    dsn = os.environ.get("PKISPEC_DSN") or Path(DSN_FILE).read_text(encoding="utf-8").strip()\n    if not dsn:\n        sys.exit(f"error: no data source in $PKISPEC_DSN or {DSN_FILE}")\n    steppath = Path(os.environ.get("STEPPATH", '
    yield str(t_1(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'steppath')))
    yield '))\n    path = steppath / '
    yield str(t_1(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'ca_json')))
    yield '\n    config = json.loads(path.read_text(encoding="utf-8"))\n    config["db"]["dataSource"] = dsn\n    temporary = path.with_name(path.name + ".new")\n    temporary.write_text(json.dumps(config, indent=2, sort_keys=True) + "\\n", encoding="utf-8")\n    temporary.chmod(0o400)\n    temporary.replace(path)\n    source = "$PKISPEC_DSN" if "PKISPEC_DSN" in os.environ else DSN_FILE\n    print(f"==> {path} uses the data source from {source}")\n    return 0\n\n\nif __name__ == "__main__":\n    sys.exit(main())\n'

blocks = {}
debug_info = '2=22&3=24&5=26&9=28&17=32&24=34&25=36'