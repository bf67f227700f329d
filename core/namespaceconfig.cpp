#include "core/namespaceconfig.h"

#include "core/monitor/displaytext.h"
#include "core/readonlyrefusal.h"

#include <QRegularExpression>
#include <stdexcept>

namespace lockscope {

QString NamespaceConfig::nameError(const std::string& name) {
    // Anchored to the whole string: "$" alone would also accept a trailing newline.
    static const QRegularExpression re(
        QRegularExpression::anchoredPattern(QStringLiteral("[a-z_][a-z0-9_]{0,62}")));
    const QString text = QString::fromStdString(name);
    // The name is the operator's, maybe pasted with control characters: quoted escaped.
    const QString shown =
        DisplayText::forTerminal(QString::fromUtf8(name.data(), qsizetype(name.size())), 80);
    if (!re.match(text).hasMatch() || text.toStdString() != name)
        return QStringLiteral("namespace '%1' is not a lower-case identifier (letters a-z, digits "
                              "and _, not starting with a digit, at most 63 characters)")
            .arg(shown);
    // Its schema would be PostgreSQL's own: tables created inside information_schema or
    // pg_catalog, or mixed into every database's public schema.
    if (text.startsWith(QStringLiteral("pg_")) || text == u"information_schema" ||
        text == u"public")
        return QStringLiteral("namespace '%1' is a reserved or system schema name of PostgreSQL "
                              "(pg_*, information_schema, public): choose another")
            .arg(shown);
    return {};
}

void NamespaceConfig::requireValid() const {
    const QString error = nameError(ns);
    if (!error.isEmpty())
        throw std::invalid_argument(error.toStdString());
}

void NamespaceConfig::requireWritable(const QString& action) const {
    if (readOnly)
        throw ReadOnlyRefusal(action);
}

} // namespace lockscope
