#pragma once

#include "connectors/backend.h"

#include <QLabel>
#include <QList>
#include <QMap>

namespace lockscope {

/// A banner at the top of a page showing a server's data, visible while that server is down:
/// "Redis is down since 10:42:07: the Redis rows below are last known, not current."
class DownBanner : public QLabel {
    Q_OBJECT
public:
    /// What the page shows of a server, for the wording.
    enum class Subject { Locks, Leases, Stock };
    explicit DownBanner(Subject subject, QWidget* parent = nullptr);
    /// since: Snapshot::unknownSinceMs; errors: why (tooltip). Empty: hidden.
    /// refused: backends that answered with a permission refusal; their line says what this
    /// identity may not do and the grant (the error), not that the server is down.
    void setDown(const QMap<Backend, int64_t>& since, const QMap<Backend, QString>& errors,
                 const QList<Backend>& refused = {});
    /// The down backends, for tests and the page's own greying.
    QList<Backend> down() const { return m_since.keys(); }

private:
    Subject m_subject;
    QMap<Backend, int64_t> m_since;
};

} // namespace lockscope
