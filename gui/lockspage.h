#pragma once

#include "core/monitor/snapshot.h"

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

class LockModel;
class LockFilterProxy;

/// Every live lock in one table (sort, filter by text and backend), the selected lock's
/// details (raw value, waiters in order, PostgreSQL's blocking tree), and force-release.
class LocksPage : public QWidget {
    Q_OBJECT
public:
    explicit LocksPage(bool readOnly, QWidget* parent = nullptr);

    LockModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }
    QAction* releaseAction() const { return m_release; }
    QAction* refreshAction() const { return m_refresh; }
    void setReadOnly(bool readOnly);

public slots:
    void applySnapshot(const lockscope::Snapshot& snapshot, const lockscope::SnapshotDiff& diff);
    /// Opens the confirmation dialog for the selected lock; emits releaseRequested when confirmed.
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

private:
    QToolBar* buildToolBar();
    /// Ctrl+F focuses the filter.
    void addFindShortcut();
    void buildTable();
    /// The table above the selected lock's details.
    QSplitter* buildDetailsSplit();
    void startLeaseTick();
    void connectSignals();
    void showDetails();
    const LockEntry* selectedEntry() const;

    LockModel* m_model;
    LockFilterProxy* m_proxy;
    QTableView* m_view;
    QLineEdit* m_filter;
    QComboBox* m_backend;
    QTextBrowser* m_details;
    QLabel* m_summary;
    QAction* m_refresh;
    QAction* m_release;
    QJsonObject m_blockingTree;
    std::deque<SnapshotDiff> m_pending;
    void mergeNext();
    bool m_readOnly;
};

} // namespace lockscope
