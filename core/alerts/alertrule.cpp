#include "core/alerts/alertrule.h"

#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"

#include <QHash>
#include <QRegularExpression>
#include <QStringList>
#include <array>

namespace lockscope {

namespace {

struct TypeName {
    AlertRule::Type type;
    const char* name;
};
constexpr std::array<TypeName, 6> kTypes{{
    {AlertRule::Type::Held, "held"},
    {AlertRule::Type::NotRenewed, "not-renewed"},
    {AlertRule::Type::NoExpiry, "no-expiry"},
    {AlertRule::Type::Blocking, "blocking"},
    {AlertRule::Type::Orphaned, "orphaned"},
    {AlertRule::Type::Down, "down"},
}};

QString typeList() {
    QStringList names;
    for (const auto& t : kTypes)
        names << QLatin1String(t.name);
    return names.join(QStringLiteral(", "));
}

std::optional<Backend> backendFromName(const QString& name) {
    const LockBackend* b = BackendRegistry::byName(name);
    if (!b)
        return std::nullopt;
    return b->id();
}

std::optional<LockKind> kindFromName(const QString& name) {
    for (const LockBackend* b : BackendRegistry::all())
        for (const LockKind& k : b->kinds())
            if (k.name() == name)
                return k;
    return std::nullopt;
}

QString kindList() {
    QStringList names;
    for (const LockBackend* b : BackendRegistry::all())
        for (const LockKind& k : b->kinds())
            names << k.name();
    return names.join(QStringLiteral(", "));
}

/// A glob as a whole-string pattern: * any text (also '/', ':'), ? one character, the rest as is.
QRegularExpression globRegex(const QString& glob) {
    QString pattern;
    for (const QChar c : glob) {
        if (c == u'*')
            pattern += QStringLiteral(".*");
        else if (c == u'?')
            pattern += u'.';
        else
            pattern += QRegularExpression::escape(QString(c));
    }
    return QRegularExpression(QRegularExpression::anchoredPattern(pattern),
                              QRegularExpression::DotMatchesEverythingOption);
}

bool fail(QString* error, const QString& message) {
    if (error)
        *error = message;
    return false;
}

/// Sets one `key=value` option of a rule; false and *error when it is not one.
bool setOption(AlertRule* r, const QString& key, const QString& rawValue, QString* error) {
    const QString value = rawValue.trimmed();
    if (value.isEmpty())
        return fail(error, QStringLiteral("'%1=' needs a value").arg(key));
    if (key == u"backend") {
        const auto b = backendFromName(value);
        if (!b)
            return fail(error,
                        QStringLiteral("unknown backend '%1' (expected %2)")
                            .arg(value, BackendRegistry::names().join(QStringLiteral(", "))));
        r->backend = *b;
    } else if (key == u"kind") {
        const auto k = kindFromName(value);
        if (!k)
            return fail(
                error,
                QStringLiteral("unknown lock kind '%1' (expected %2)").arg(value, kindList()));
        r->kind = *k;
    } else if (key == u"resource") {
        r->resourceGlob = value;
    } else if (key == u"below") {
        QString v = value;
        if (v.endsWith(u'%'))
            v.chop(1);
        bool ok = false;
        const int pct = v.toInt(&ok);
        if (!ok || pct < 1 || pct > 99)
            return fail(error, QStringLiteral("below=%1: a percentage from 1% to 99%").arg(value));
        r->belowPercent = pct;
    } else {
        return fail(error, QStringLiteral(
                               "unknown option '%1' (expected backend=, kind=, resource=, below=)")
                               .arg(key));
    }
    return true;
}

} // namespace

QString AlertRule::typeName(Type type) {
    for (const auto& t : kTypes)
        if (t.type == type)
            return QLatin1String(t.name);
    return {};
}

std::optional<AlertRule::Type> AlertRule::typeFromName(const QString& name) {
    for (const auto& t : kTypes)
        if (name == QLatin1String(t.name))
            return t.type;
    return std::nullopt;
}

std::optional<std::chrono::milliseconds> AlertRule::parseDuration(const QString& text) {
    static const QRegularExpression re(QStringLiteral("^(\\d{1,12})(ms|s|m|h)$"));
    const auto m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const int64_t n = m.captured(1).toLongLong();
    const QString unit = m.captured(2);
    const int64_t scale = unit == u"h" ? 3600000 : unit == u"m" ? 60000 : unit == u"s" ? 1000 : 1;
    const std::chrono::milliseconds d(n * scale);
    if (d > kMaxThreshold)
        return std::nullopt;
    return d;
}

QString AlertRule::formatDuration(std::chrono::milliseconds d) {
    const int64_t ms = d.count();
    if (ms != 0 && ms % 3600000 == 0)
        return QStringLiteral("%1h").arg(ms / 3600000);
    if (ms != 0 && ms % 60000 == 0)
        return QStringLiteral("%1m").arg(ms / 60000);
    if (ms % 1000 == 0)
        return QStringLiteral("%1s").arg(ms / 1000);
    return QStringLiteral("%1ms").arg(ms);
}

std::optional<AlertRule> AlertRule::parse(const QString& input, QString* error) {
    const QString text = input.trimmed();
    if (text.isEmpty()) {
        fail(error, QStringLiteral("empty rule (e.g. held>5m, no-expiry>1m, down>30s)"));
        return std::nullopt;
    }
    // resource= takes the rest of the text: a glob may itself hold ':' and '='. Before it,
    // options start at a ':' followed by a key and '='.
    static const QRegularExpression optionStart(QStringLiteral(":(?=[a-z]+=)"));
    static const QString resourceKey = QStringLiteral(":resource=");
    const qsizetype globAt = text.indexOf(resourceKey);
    QStringList parts = text.left(globAt).split(optionStart);
    if (globAt >= 0)
        parts << text.mid(globAt + 1);
    const QString head = parts.first();
    if (head.contains(u':')) {
        fail(error, QStringLiteral("bad option in '%1' (expected :key=value, e.g. :kind=redis-key)")
                        .arg(text));
        return std::nullopt;
    }
    const qsizetype gt = head.indexOf(u'>');
    const QString name = gt < 0 ? head : head.left(gt);
    AlertRule r;
    const auto type = typeFromName(name);
    if (!type) {
        fail(error, QStringLiteral("unknown rule '%1' (expected %2)").arg(name, typeList()));
        return std::nullopt;
    }
    r.type = *type;
    if (gt >= 0) {
        const QString durationText = head.mid(gt + 1);
        const auto d = parseDuration(durationText);
        if (!d) {
            fail(error, QStringLiteral("bad duration '%1' in '%2' (e.g. 500ms, 30s, 5m, 1h)")
                            .arg(durationText, text));
            return std::nullopt;
        }
        r.threshold = *d;
    } else if (r.type == Type::Held) {
        fail(error, QStringLiteral("'held' needs a duration, e.g. held>5m"));
        return std::nullopt;
    }
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const qsizetype eq = parts[i].indexOf(u'=');
        if (!setOption(&r, parts[i].left(eq), parts[i].mid(eq + 1), error))
            return std::nullopt;
    }
    if (const QString e = r.validate(); !e.isEmpty()) {
        fail(error, e);
        return std::nullopt;
    }
    return r;
}

QString AlertRule::validate() const {
    if (threshold.count() < 0)
        return QStringLiteral("a negative duration");
    if (threshold > kMaxThreshold)
        return QStringLiteral("a duration longer than %1").arg(formatDuration(kMaxThreshold));
    if (type == Type::Held && threshold.count() == 0)
        return QStringLiteral("'held' needs a duration, e.g. held>5m");
    if (type == Type::Down && (kind.isValid() || !resourceGlob.isEmpty()))
        return QStringLiteral(
            "'down' is about a server: it takes backend=, not kind= or resource=");
    if (belowPercent != 0 && type != Type::NotRenewed)
        return QStringLiteral("below= applies to not-renewed only");
    if (kind.isValid() && backend && kind.backend() != *backend)
        return QStringLiteral("kind=%1 is a %2 kind, not %3")
            .arg(kind.name(), backendName(kind.backend()), backendName(*backend));
    if (!resourceGlob.isEmpty() && !globRegex(resourceGlob).isValid())
        return QStringLiteral("resource=%1: not a glob pattern").arg(resourceGlob);
    return {};
}

QString AlertRule::toText() const {
    QString t = typeName(type);
    if (threshold.count() > 0)
        t += u'>' + formatDuration(threshold);
    if (backend)
        t += QStringLiteral(":backend=") + backendName(*backend);
    if (kind.isValid())
        t += QStringLiteral(":kind=") + kind.name();
    if (belowPercent > 0)
        t += QStringLiteral(":below=%1%").arg(belowPercent);
    if (!resourceGlob.isEmpty()) // last: the glob may hold ':'
        t += QStringLiteral(":resource=") + resourceGlob;
    return t;
}

QJsonObject AlertRule::toJson() const {
    QJsonObject o{{QStringLiteral("type"), typeName(type)},
                  {QStringLiteral("threshold_ms"), qint64(threshold.count())},
                  {QStringLiteral("enabled"), enabled}};
    if (backend)
        o.insert(QStringLiteral("backend"), backendName(*backend));
    if (kind.isValid())
        o.insert(QStringLiteral("kind"), kind.name());
    if (!resourceGlob.isEmpty())
        o.insert(QStringLiteral("resource"), resourceGlob);
    if (belowPercent > 0)
        o.insert(QStringLiteral("below_pct"), belowPercent);
    return o;
}

std::optional<AlertRule> AlertRule::fromJson(const QJsonObject& o, QString* error) {
    AlertRule r;
    const auto type = typeFromName(o.value(QStringLiteral("type")).toString());
    if (!type) {
        fail(error, QStringLiteral("unknown rule type '%1' (expected %2)")
                        .arg(o.value(QStringLiteral("type")).toString(), typeList()));
        return std::nullopt;
    }
    r.type = *type;
    const QJsonValue threshold = o.value(QStringLiteral("threshold_ms"));
    if (!threshold.isUndefined() && !threshold.isDouble()) {
        fail(error, QStringLiteral("threshold_ms: not a number"));
        return std::nullopt;
    }
    r.threshold = std::chrono::milliseconds(threshold.toInteger(0));
    r.enabled = o.value(QStringLiteral("enabled")).toBool(true);
    for (const char* key : {"backend", "kind", "resource"}) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            continue;
        if (!v.isString()) {
            fail(error, QStringLiteral("%1: not a string").arg(QLatin1String(key)));
            return std::nullopt;
        }
        if (!setOption(&r, QLatin1String(key), v.toString(), error))
            return std::nullopt;
    }
    if (const QJsonValue below = o.value(QStringLiteral("below_pct"));
        !below.isUndefined() &&
        !setOption(&r, QStringLiteral("below"), QString::number(below.toInt(-1)), error))
        return std::nullopt;
    if (const QString e = r.validate(); !e.isEmpty()) {
        fail(error, e);
        return std::nullopt;
    }
    return r;
}

QString AlertRule::describe() const {
    const QString d = formatDuration(threshold);
    QString s;
    switch (type) {
    case Type::Held:
        s = QStringLiteral("held longer than %1").arg(d);
        break;
    case Type::NotRenewed:
        s = belowPercent > 0 ? QStringLiteral("lease below %1% without a renewal").arg(belowPercent)
                             : QStringLiteral("lease past its deadline without a renewal");
        if (threshold.count() > 0)
            s += QStringLiteral(" for longer than %1").arg(d);
        break;
    case Type::NoExpiry:
        s = QStringLiteral("no expiry, held longer than %1").arg(d);
        break;
    case Type::Blocking:
        s = QStringLiteral("blocking waiters longer than %1").arg(d);
        break;
    case Type::Orphaned:
        s = QStringLiteral("holder died (orphaned)");
        if (threshold.count() > 0)
            s += QStringLiteral(" for longer than %1").arg(d);
        break;
    case Type::Down:
        s = QStringLiteral("server down longer than %1").arg(d);
        break;
    }
    QStringList filters;
    if (backend)
        filters << QStringLiteral("backend %1").arg(backendName(*backend));
    if (kind.isValid())
        filters << QStringLiteral("kind %1").arg(kind.name());
    if (!resourceGlob.isEmpty())
        filters << QStringLiteral("resource %1").arg(resourceGlob);
    if (!filters.isEmpty())
        s += QStringLiteral(" (%1)").arg(filters.join(QStringLiteral(", ")));
    return s;
}

bool AlertRule::matches(const LockEntry& e) const {
    if (backend && e.backend != *backend)
        return false;
    if (kind.isValid() && !(e.kind == kind))
        return false;
    if (!resourceGlob.isEmpty()) {
        // Compiled once per glob (per thread), not per lock and snapshot: the engine asks this
        // for every lock at every refresh.
        static thread_local QHash<QString, QRegularExpression> compiled;
        auto it = compiled.find(resourceGlob);
        if (it == compiled.end())
            it = compiled.insert(resourceGlob, globRegex(resourceGlob));
        const QRegularExpression& re = *it;
        if (!re.match(e.logical()).hasMatch() && !re.match(e.resource).hasMatch())
            return false;
    }
    return true;
}

} // namespace lockscope
