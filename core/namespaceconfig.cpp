#include "core/namespaceconfig.h"

#include "core/readonlyrefusal.h"

#include <QRegularExpression>
#include <stdexcept>

namespace lockscope {

QString NamespaceConfig::nameError(const std::string& name) {
    // Anchored to the whole string: "$" alone would also accept a trailing newline.
    static const QRegularExpression re(
        QRegularExpression::anchoredPattern(QStringLiteral("[a-z_][a-z0-9_]{0,62}")));
    if (re.match(QString::fromStdString(name)).hasMatch())
        return {};
    return QStringLiteral("namespace '%1' is not a lower-case identifier (letters a-z, digits and "
                          "_, not starting with a digit, at most 63 characters)")
        .arg(QString::fromStdString(name).left(80));
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
