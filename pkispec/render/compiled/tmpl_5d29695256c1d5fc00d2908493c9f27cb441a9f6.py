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
    yield ')\n\nThe data source (e.g. `step:secret@tcp(db.internal:3306)/`) holds a password, so it is\nnever in the spec or the bundle. It is read here from $PKISPEC_DSN, or else from the file\nnamed by DSN_FILE below, and written only into the CA host\'s ca.json (readable by root and\nthe group of step-ca\'s user). step-ca before 0.25.0 prints the data source when it cannot\nopen the database: prefer a database user that logs in over the local socket, without a\npassword.\n"""\n\nimport json\nimport os\nimport re\nimport sys\nfrom pathlib import Path\nfrom typing import Any\n\nDSN_FILE = '
    yield str(t_1((undefined(name='dsn_file') if l_0_dsn_file is missing else l_0_dsn_file)))
    yield '\n#: step-ca appends the database name to the data source: it must end at the server, "…)/"\nSHAPE = re.compile(r"^[^\\s]+@(tcp|unix)\\([^)]+\\)/$")\n\n\n'
    template = environment.get_template('_write_json.py.j2', 'set-data-source.py.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '\n\ndef data_source() -> str:\n    if os.environ.get("PKISPEC_DSN"):\n        return os.environ["PKISPEC_DSN"]\n    try:\n        return Path(DSN_FILE).read_text(encoding="utf-8").strip()\n    except OSError as exc:\n        sys.exit(f"error: no $PKISPEC_DSN, and {DSN_FILE} cannot be read ({exc.strerror})")\n\n\ndef main() -> int:\n    dsn = data_source()\n    if not SHAPE.match(dsn):\n        sys.exit("error: the data source must look like user:password@tcp(host:3306)/ "\n                 "(no database name and no options: step-ca appends the database)")\n    steppath = Path(os.environ.get("STEPPATH", '
    yield str(t_1(environment.getattr((undefined(name='step') if l_0_step is missing else l_0_step), 'steppath')))
    yield '))\n    path = steppath / '
    yield str(t_1(environment.getattr((undefined(name='paths') if l_0_paths is missing else l_0_paths), 'ca_json')))
    yield '\n    config = json.loads(path.read_text(encoding="utf-8"))\n    config["db"]["dataSource"] = dsn\n    write_json(path, config)\n    print(f"==> {path} uses the data source from "\n          f"{\'$PKISPEC_DSN\' if os.environ.get(\'PKISPEC_DSN\') else DSN_FILE}")\n    return 0\n\n\nif __name__ == "__main__":\n    sys.exit(main())\n'

blocks = {}
debug_info = '2=22&3=24&5=26&22=28&27=30&44=37&45=39'