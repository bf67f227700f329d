#pragma once

#include "core/backends/postgres/pgsession.h"

#include <QAbstractTableModel>
#include <QList>

namespace lockscope {

/// The Sessions page's rows: one per backend (keyed by pid and backend start), merged row by row
/// on every scan (never reset), so selection and scroll position stay. Text from the server is
/// escaped and bounded for display (DisplayText); SortRole gives numbers for the time columns.
class SessionModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        Pid,
        User,
        Application,
        Client,
        State,
        Wait,
        QueryTime,
        XactTime,
        StateTime,
        BlockedBy,
        Blocking,
        Query,
        ColumnCount
    };
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit SessionModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /// Rows gone are removed, new ones appended, changed ones updated in place.
    void setSessions(const QList<PgSession>& sessions);
    const PgSession& session(int row) const { return m_rows.at(row); }
    /// The row of pid, -1 when not listed.
    int rowOfPid(int pid) const;
    /// The row of the session with this key (PgSession::key(): pid and backend start), -1 when
    /// not listed (it ended, or its pid now belongs to another session).
    int rowOfKey(const QString& key) const;

    /// "1.2 s", "3m05s", "2h10m"; "" for -1.
    static QString durationText(int64_t ms);

private:
    QList<PgSession> m_rows;
};

} // namespace lockscope
