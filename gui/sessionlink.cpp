#include "gui/sessionlink.h"

#include "core/backends/postgres/pgsessionobservation.h"
#include "gui/sessionactiondialog.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonObject>

namespace lockscope {

namespace {

QJsonObject nodeOf(const QJsonArray& nodes, int pid) {
    for (const auto& v : nodes) {
        const QJsonObject n = v.toObject();
        if (n.value(QStringLiteral("pid")).toInt() == pid)
            return n;
        if (QJsonObject found = nodeOf(n.value(QStringLiteral("blocks")).toArray(), pid);
            !found.isEmpty())
            return found;
    }
    return {};
}

} // namespace

QString SessionLink::html(int pid) {
    return QStringLiteral(" <a href=\"pgsession:%1\">%2</a>")
        .arg(pid)
        .arg(QCoreApplication::translate("SessionLink", "terminate…"));
}

bool SessionLink::handles(const QUrl& url) {
    return url.scheme() == u"pgsession";
}

bool SessionLink::confirm(QWidget* parent, const QUrl& url, const QJsonArray& trees,
                          LockEntry* session, QString* reason, bool* cancelOnly) {
    if (!handles(url))
        return false;
    const QJsonObject node = nodeOf(trees, url.path().toInt());
    const auto entry =
        PgSessionObservation::entryForTreeNode(node, QDateTime::currentMSecsSinceEpoch());
    if (!entry)
        return false;
    SessionActionDialog dialog(*entry, false, parent);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    *session = *entry;
    *reason = dialog.reason();
    *cancelOnly = dialog.cancelOnly();
    return true;
}

} // namespace lockscope
