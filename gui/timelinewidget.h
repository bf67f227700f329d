#pragma once

#include "core/history/historywindow.h"

#include <QColor>
#include <QPoint>
#include <QString>
#include <QWidget>
#include <optional>
#include <vector>

namespace lockscope {

/// The Timeline page's chart, painted with QPainter: one swimlane per resource, one bar per
/// hold coloured by its holder (the same colour for a holder in every run), the waits as a
/// thin hatched strip under the lane, outages as a shaded band across all lanes. Wheel zooms
/// (around the pointer; at the right edge while following), drag pans, a click selects a
/// hold (holdClicked). While following, the right edge is now.
///
/// Smooth with 10,000 holds in view: holds are grouped by lane and sorted once per data set,
/// colours computed then; a paint walks only the visible lanes and draws at most one bar per
/// pixel column of a lane (holds narrower than a pixel are merged into it).
class TimelineWidget : public QWidget {
    Q_OBJECT
public:
    static constexpr int kAxisHeight = 26;
    static constexpr int kLaneHeight = 24;
    static constexpr int kBarTop = 3; ///< the bar, from the lane's top
    static constexpr int kBarHeight = 13;
    static constexpr int kWaitTop = 18; ///< the waits' strip
    static constexpr int kWaitHeight = 4;

    explicit TimelineWidget(QWidget* parent = nullptr);

    void setData(const HistoryWindow& window);
    /// The span shown, wall clock ms.
    void setView(int64_t fromMs, int64_t toMs);
    int64_t viewFrom() const { return m_from; }
    int64_t viewTo() const { return m_to; }
    void setFollowing(bool on);
    bool following() const { return m_following; }
    /// Now (wall clock ms): open holds end here; while following the view's right edge moves.
    void setNow(int64_t nowMs);
    void setFirstLane(int lane);
    int firstLane() const { return m_firstLane; }
    int laneCount() const { return int(m_lanes.size()); }
    int visibleLanes() const;
    int labelWidth() const;

    /// Shows the span of the loaded holds (stops following); false when there are none.
    bool fitToData();
    /// Selects the longest hold in the data (and says so: holdClicked), if any.
    void selectLongest();
    /// The hold drawn at pos (a bar within 3 pixels), if any.
    std::optional<HoldRecord> holdAt(QPoint pos) const;
    /// Where a time and a lane are drawn (tests, hit-testing): x of a time, y of a lane's bar
    /// centre (-1 when the lane is scrolled out or unknown).
    int xOf(int64_t ms) const;
    int barCentreY(Backend backend, const QString& resource) const;
    const std::optional<HoldRecord>& selected() const { return m_selected; }
    /// How long the last paint took (ns): lockscope-guibench reports it.
    qint64 lastPaintNs() const { return m_lastPaintNs; }
    int holdsDrawnLastPaint() const { return m_drawn; }
    static QColor holderColor(const QString& holder);

signals:
    void holdClicked(const lockscope::HoldRecord& hold);
    /// The operator zoomed or panned (not emitted for setView or the follow scroll).
    void viewChanged(qint64 fromMs, qint64 toMs);
    void followingChanged(bool following);
    void lanesChanged(int count);

protected:
    void paintEvent(QPaintEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    QSize sizeHint() const override { return {800, 400}; }
    QSize minimumSizeHint() const override { return {320, 120}; }

private:
    struct Lane {
        QString key;
        QString label;
        Backend backend = Backend::Redis;
        std::vector<int> holds; ///< indices into m_holds, by start
        std::vector<int> waits; ///< indices into m_waits, by start
        int64_t longestMs = 0;  ///< the longest hold: how far back a visible one can start
    };
    int64_t timeOf(double x) const;
    int laneAt(int y) const;
    int64_t endOf(const HoldRecord& h) const { return h.isOpen() ? m_now : h.endMs; }
    void paintAxis(QPainter& p, int left, int right);
    static QString laneKey(Backend backend, const QString& resource);

    std::vector<HoldRecord> m_holds;
    std::vector<QColor> m_colors; ///< by hold
    std::vector<WaitRecord> m_waits;
    std::vector<OutageRecord> m_outages;
    std::vector<Lane> m_lanes;
    int64_t m_from = 0;
    int64_t m_to = 0;
    int64_t m_now = 0;
    bool m_following = true;
    int m_firstLane = 0;
    std::optional<HoldRecord> m_selected;
    QPoint m_pressPos;
    int64_t m_pressFrom = 0;
    int64_t m_pressTo = 0;
    bool m_dragging = false;
    bool m_pressed = false;
    qint64 m_lastPaintNs = 0;
    int m_drawn = 0;
};

} // namespace lockscope
