#include "core/readonlyrefusal.h"

namespace lockscope {

namespace {

QString text(const QString& what) {
    return QStringLiteral("refused: read-only mode, so %1 was not done").arg(what);
}

} // namespace

ReadOnlyRefusal::ReadOnlyRefusal(const QString& what)
    : std::runtime_error(text(what).toStdString())
    , m_action(what) {}

QString ReadOnlyRefusal::message() const {
    return text(m_action);
}

} // namespace lockscope
