#pragma once

#include "core/monitor/lockentry.h"

#include <QJsonArray>
#include <QString>
#include <QUrl>

class QWidget;

namespace lockscope {

/// Terminate / cancel from the Locks page's PostgreSQL blocking tree: each backend of the tree
/// gets a link; a click confirms (SessionActionDialog) and gives the session as the entry for the
/// force-release path (LocksPage::releaseRequested, as a lock's release), re-checked by its
/// backend start.
class SessionLink {
public:
    /// The link shown after "pid N" in the tree.
    static QString html(int pid);
    /// Whether url is one of ours.
    static bool handles(const QUrl& url);
    /// The confirmation for the tree node the link names; false when cancelled or the node is
    /// not in trees (or lacks its backend start).
    static bool confirm(QWidget* parent, const QUrl& url, const QJsonArray& trees,
                        LockEntry* session, QString* reason, bool* cancelOnly);
};

} // namespace lockscope
