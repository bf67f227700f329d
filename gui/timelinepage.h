#pragma once

#include "core/history/historywindow.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QScrollBar;
class QTimer;
class QToolButton;

namespace lockscope {

class TimelineWidget;

/// The Timeline page: the recorded holds as swimlanes (TimelineWidget) over a chosen window
/// (5 minutes ... 7 days), live at the right edge while following, and the clicked hold's
/// details on the side. Data comes from the HistoryWorker by request (windowRequested), never
/// read on the GUI thread.
class TimelinePage : public QWidget {
    Q_OBJECT
public:
    explicit TimelinePage(QWidget* parent = nullptr);
    TimelineWidget* timeline() const { return m_timeline; }
    QComboBox* windowCombo() const { return m_window; }
    QToolButton* fitButton() const { return m_fit; }

public slots:
    void setWindow(quint64 requestId, const lockscope::HistoryWindow& window);
    void setRecording(const QString& path);
    void setError(const QString& message);
    /// Asks for the data of the current view (padded) now.
    void reload();

signals:
    void windowRequested(quint64 requestId, qint64 fromMs, qint64 toMs);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void showHold(const HoldRecord& h);
    void updateScrollBar();
    void tick();

    TimelineWidget* m_timeline = nullptr;
    QScrollBar* m_lanesBar = nullptr;
    QComboBox* m_window = nullptr;
    QToolButton* m_live = nullptr;
    QToolButton* m_fit = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_details = nullptr;
    QTimer* m_tick = nullptr;
    QTimer* m_reloadSoon = nullptr;
    quint64 m_nextRequest = 1;
    quint64 m_pending = 0;
    int64_t m_loadedFrom = 0;
    int64_t m_loadedTo = 0;
    int64_t m_lastLoadMs = 0;
};

} // namespace lockscope
