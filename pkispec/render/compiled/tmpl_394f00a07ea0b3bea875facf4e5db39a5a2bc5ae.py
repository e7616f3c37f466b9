from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'timer.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_header = resolve('header')
    l_0_description = resolve('description')
    l_0_calendar = resolve('calendar')
    l_0_accuracy = resolve('accuracy')
    l_0_unit = resolve('unit')
    pass
    yield '# '
    yield str((undefined(name='header') if l_0_header is missing else l_0_header))
    yield '\n[Unit]\nDescription='
    yield str((undefined(name='description') if l_0_description is missing else l_0_description))
    yield '\n\n[Timer]\nOnCalendar='
    yield str((undefined(name='calendar') if l_0_calendar is missing else l_0_calendar))
    yield '\nPersistent=true\nAccuracySec='
    yield str((undefined(name='accuracy') if l_0_accuracy is missing else l_0_accuracy))
    yield '\nUnit='
    yield str((undefined(name='unit') if l_0_unit is missing else l_0_unit))
    yield '.service\n\n[Install]\nWantedBy=timers.target\n'

blocks = {}
debug_info = '1=17&3=19&6=21&8=23&9=25'