#pragma once

#include "core/monitor/snapshot.h"

#include <QList>
#include <QWidget>
#include <deque>

class QTableView;
class QLineEdit;
class QComboBox;
class QTextBrowser;
class QAction;
class QLabel;
class QSplitter;
class QToolBar;

namespace lockscope {

class DownBanner;
class LockModel;
class LockFilterProxy;

/// Every live lock in one table (sort, filter by text and backend), the selected lock's
/// details (raw value, waiters in order, PostgreSQL's blocking tree), and force-release of one
/// lock or, with several selected, of a plan listing each. A banner says which server is down;
/// its rows stay, greyed as last known.
class LocksPage : public QWidget {
    Q_OBJECT
public:
    explicit LocksPage(bool readOnly, QWidget* parent = nullptr);

    LockModel* model() const { return m_model; }
    LockFilterProxy* proxy() const { return m_proxy; }
    QTableView* view() const { return m_view; }
    QLineEdit* filterEdit() const { return m_filter; }
    QLabel* summaryLabel() const { return m_summary; }
    DownBanner* banner() const { return m_banner; }
    QAction* releaseAction() const { return m_release; }
    QAction* refreshAction() const { return m_refresh; }
    QAction* findAction() const { return m_find; }
    QAction* clearFilterAction() const { return m_clearFilter; }
    QAction* copyCellAction() const { return m_copyCell; }
    QAction* copyRawAction() const { return m_copyRaw; }
    QAction* copyJsonAction() const { return m_copyJson; }
    void setReadOnly(bool readOnly);
    /// Where Redis is: home is the one server ("host:port") when Redis is a single server, empty
    /// when it is a Cluster or a Sentinel set (several). The Node column is hidden while every
    /// lock seen was read on the home server (or tells no server: ZooKeeper, PostgreSQL), and
    /// shown from the first lock read on another (a Cluster primary, a Redlock server).
    void setRedisHome(const QString& home);
    bool nodeColumnShown() const { return m_nodeShown; }

    /// The selected locks, in view order.
    QList<LockEntry> selectedEntries() const;
    /// The locks in view (filtered, in view order) as CSV / a JSON array (the CLI's keys, raw
    /// flag names, plus last_known).
    QString locksCsv() const;
    QByteArray locksJson() const;

public slots:
    void applySnapshot(const lockscope::Snapshot& snapshot, const lockscope::SnapshotDiff& diff);
    /// One lock selected: its confirmation dialog; several: the plan listing every one. Emits
    /// releaseRequested / releasePlanRequested when confirmed.
    void releaseSelected();
    /// Forgets every lock, and the old servers' diffs not merged yet, in one model reset (the
    /// console switched to other servers).
    void clear();

    /// Diffs not yet merged (a large first load is merged in slices, one per event-loop turn).
    int pendingDiffs() const { return int(m_pending.size()); }

signals:
    void refreshRequested();
    void releaseRequested(const lockscope::LockEntry& entry, const QString& reason,
                          bool cancelOnly);
    /// Several locks, confirmed once: released one by one, each audited.
    void releasePlanRequested(const QList<lockscope::LockEntry>& entries, const QString& reason,
                              const QList<bool>& cancelOnly);

private:
    bool selectionHasLastKnown() const;
    void updateReleaseEnabled();
    QToolBar* buildToolBar();
    /// Ctrl+F focuses the filter, Esc clears it; copy actions.
    void buildActions();
    void buildTable();
    /// The table above the selected lock's details.
    QSplitter* buildDetailsSplit();
    void startLeaseTick();
    void connectSignals();
    void showDetails();
    void updateSummary();
    const LockEntry* selectedEntry() const;
    void copyCell();
    void copyRaw();
    void copyJson();

    LockModel* m_model;
    LockFilterProxy* m_proxy;
    DownBanner* m_banner;
    QTableView* m_view;
    QLineEdit* m_filter;
    QComboBox* m_backend;
    QTextBrowser* m_details;
    QLabel* m_summary;
    QAction* m_refresh;
    QAction* m_release;
    QAction* m_find;
    QAction* m_clearFilter;
    QAction* m_copyCell;
    QAction* m_copyRaw;
    QAction* m_copyJson;
    QString m_detailsHtml; ///< what the details show, and of which lock
    QString m_detailsId;
    std::deque<SnapshotDiff> m_pending;
    void mergeNext();
    /// Shows the Node column when one of these locks was read on a server other than home.
    void showNodeColumnFor(const std::vector<LockEntry>& entries);
    void setNodeColumnShown(bool shown);
    bool m_readOnly;
    QString m_redisHome;
    bool m_redisSeveral = false; ///< Redis is a Cluster or Sentinel set: the column always shows
    bool m_nodeShown = false;
};

} // namespace lockscope
