#include "gui/sessionmodel.h"

#include "core/monitor/displaytext.h"

#include <QBrush>
#include <QColor>
#include <QHash>
#include <QSet>

namespace lockscope {

namespace {

QString pidList(const std::vector<int>& pids) {
    QStringList out;
    for (int p : pids)
        out << QString::number(p);
    return out.join(QStringLiteral(", "));
}

bool sameRow(const PgSession& a, const PgSession& b) {
    return a.stateText == b.stateText && a.waitEventType == b.waitEventType &&
           a.waitEvent == b.waitEvent && a.query == b.query && a.queryStartMs == b.queryStartMs &&
           a.xactStartMs == b.xactStartMs && a.stateChangeMs == b.stateChangeMs &&
           a.blockedBy == b.blockedBy && a.blocking == b.blocking && a.user == b.user &&
           a.application == b.application && a.clientAddr == b.clientAddr &&
           a.serverNowMs == b.serverNowMs;
}

} // namespace

SessionModel::SessionModel(QObject* parent)
    : QAbstractTableModel(parent) {}

int SessionModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SessionModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString SessionModel::durationText(int64_t ms) {
    if (ms < 0)
        return {};
    if (ms < 60'000)
        return tr("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
    if (ms < 3'600'000)
        return tr("%1m%2s").arg(ms / 60'000).arg((ms / 1000) % 60, 2, 10, QChar(u'0'));
    return tr("%1h%2m").arg(ms / 3'600'000).arg((ms / 60'000) % 60, 2, 10, QChar(u'0'));
}

QVariant SessionModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const PgSession& s = m_rows.at(index.row());
    if (role == Qt::DisplayRole || role == SortRole) {
        const bool sort = role == SortRole;
        switch (index.column()) {
        case Pid:
            return sort ? QVariant(s.pid) : QVariant(QString::number(s.pid));
        case User:
            return DisplayText::forTerminal(s.user, 64);
        case Application:
            return DisplayText::forTerminal(s.application, 64);
        case Client:
            return s.clientAddr;
        case State:
            return s.stateText.isEmpty() ? DisplayText::forTerminal(s.backendType, 64)
                                         : s.stateText;
        case Wait:
            return s.waitEventType.isEmpty() ? QString()
                                             : s.waitEventType + QStringLiteral(": ") + s.waitEvent;
        case QueryTime:
            return sort ? QVariant(qint64(s.queryDurationMs()))
                        : QVariant(durationText(s.queryDurationMs()));
        case XactTime:
            return sort ? QVariant(qint64(s.transactionDurationMs()))
                        : QVariant(durationText(s.transactionDurationMs()));
        case StateTime:
            return sort ? QVariant(qint64(s.stateDurationMs()))
                        : QVariant(durationText(s.stateDurationMs()));
        case BlockedBy:
            return sort ? QVariant(int(s.blockedBy.size())) : QVariant(pidList(s.blockedBy));
        case Blocking:
            return sort ? QVariant(int(s.blocking.size())) : QVariant(pidList(s.blocking));
        case Query:
            return DisplayText::forTerminal(s.query, 300);
        }
        return {};
    }
    if (role == Qt::ToolTipRole && index.column() == Query)
        return DisplayText::forTerminal(s.query, 4096);
    if (role == Qt::ForegroundRole && index.column() == State &&
        (s.state == PgSession::State::IdleInTransaction ||
         s.state == PgSession::State::IdleInTransactionAborted))
        return QBrush(QColor(0xb0, 0x5a, 0x00));
    if (role == Qt::BackgroundRole) {
        if (!s.blocking.empty())
            return QBrush(QColor(0xff, 0xd6, 0xd6)); // it holds others up
        if (!s.blockedBy.empty())
            return QBrush(QColor(0xff, 0xee, 0xc8)); // it waits
    }
    if (role == Qt::TextAlignmentRole &&
        (index.column() == Pid || index.column() == QueryTime || index.column() == XactTime ||
         index.column() == StateTime))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant SessionModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        switch (section) {
        case QueryTime:
            return tr("How long the current (or last) query has run");
        case XactTime:
            return tr("How long the open transaction has lasted");
        case StateTime:
            return tr("How long the session has been in its state");
        case BlockedBy:
            return tr("The sessions this one waits for (pg_blocking_pids)");
        case Blocking:
            return tr("The sessions that wait for this one");
        }
        return {};
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Pid:
        return tr("PID");
    case User:
        return tr("User");
    case Application:
        return tr("Application");
    case Client:
        return tr("Client");
    case State:
        return tr("State");
    case Wait:
        return tr("Waiting for");
    case QueryTime:
        return tr("Query");
    case XactTime:
        return tr("Xact");
    case StateTime:
        return tr("In state");
    case BlockedBy:
        return tr("Blocked by");
    case Blocking:
        return tr("Blocking");
    case Query:
        return tr("Query text");
    }
    return {};
}

int SessionModel::rowOfPid(int pid) const {
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).pid == pid)
            return i;
    return -1;
}

int SessionModel::rowOfKey(const QString& key) const {
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).key() == key)
            return i;
    return -1;
}

void SessionModel::setSessions(const QList<PgSession>& sessions) {
    QHash<QString, int> incoming;
    for (int i = 0; i < sessions.size(); ++i)
        incoming.insert(sessions.at(i).key(), i);
    // Removed: from the bottom up, each its own beginRemoveRows.
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (incoming.contains(m_rows.at(row).key()))
            continue;
        beginRemoveRows({}, row, row);
        m_rows.removeAt(row);
        endRemoveRows();
    }
    // Changed in place; every row's durations move with the server clock, so the time columns
    // change in one range, the rest per row.
    QSet<QString> present;
    for (int row = 0; row < m_rows.size(); ++row) {
        const PgSession& now = sessions.at(incoming.value(m_rows.at(row).key()));
        present.insert(now.key());
        const bool changed = !sameRow(m_rows.at(row), now);
        m_rows[row] = now;
        if (changed)
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    }
    // New: appended in the scan's order.
    QList<PgSession> added;
    for (const PgSession& s : sessions)
        if (!present.contains(s.key()))
            added << s;
    if (!added.isEmpty()) {
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + added.size() - 1));
        m_rows << added;
        endInsertRows();
    }
}

} // namespace lockscope
