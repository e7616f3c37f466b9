from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = '_write_json.py.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    pass
    yield 'def write_json(path: Path, config: dict[str, Any]) -> None:\n    """Replace `path` atomically, keeping its owner, group and mode (step-ca reads it)."""\n    info = path.stat()\n    temporary = path.with_name(path.name + ".new")\n    temporary.unlink(missing_ok=True)\n    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, info.st_mode & 0o777)\n    with os.fdopen(fd, "w", encoding="utf-8") as out:\n        os.fchown(out.fileno(), info.st_uid, info.st_gid)\n        os.fchmod(out.fileno(), info.st_mode & 0o777)  # not narrowed by the umask\n        out.write(json.dumps(config, indent=2, sort_keys=True) + "\\n")\n        out.flush()\n        os.fsync(out.fileno())\n    temporary.replace(path)\n'

blocks = {}
debug_info = ''