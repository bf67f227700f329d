#include "gui/timelinewidget.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>
#include <map>

namespace lockscope {

namespace {

constexpr int64_t kMinSpanMs = 1000;
constexpr int64_t kMaxSpanMs = 31LL * 86'400'000;
constexpr int kHitSlop = 3;

QColor endColor(HoldEnd end) {
    switch (end) {
    case HoldEnd::Expired:
        return QColor(230, 120, 0);
    case HoldEnd::ForceReleased:
        return QColor(200, 0, 0);
    case HoldEnd::HolderDied:
        return QColor(20, 20, 20);
    case HoldEnd::Unobserved:
        return QColor(140, 140, 140);
    case HoldEnd::Open:
    case HoldEnd::Released:
        break;
    }
    return {};
}

} // namespace

TimelineWidget::TimelineWidget(QWidget* parent)
    : QWidget(parent) {
    setMouseTracking(false);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::ClickFocus);
    m_now = QDateTime::currentMSecsSinceEpoch();
    m_to = m_now;
    m_from = m_now - 5 * 60'000;
}

QString TimelineWidget::laneKey(Backend backend, const QString& resource) {
    return backendName(backend) + u'\n' + resource;
}

QColor TimelineWidget::holderColor(const QString& holder) {
    // FNV-1a over the UTF-16 text: the same colour for a holder in every run and process.
    uint32_t h = 2166136261u;
    for (const QChar c : holder) {
        h ^= c.unicode();
        h *= 16777619u;
    }
    return QColor::fromHsv(int(h % 360), 120 + int((h >> 9) % 100), 170 + int((h >> 17) % 70));
}

void TimelineWidget::setData(const HistoryWindow& window) {
    m_holds = window.holds;
    m_waits = window.waits;
    m_outages = window.outages;
    m_colors.clear();
    m_colors.reserve(m_holds.size());
    QHash<QString, QColor> colorOf;
    std::map<QString, Lane> lanes; // sorted by backend, then resource
    for (int i = 0; i < int(m_holds.size()); ++i) {
        const HoldRecord& h = m_holds[size_t(i)];
        auto c = colorOf.find(h.holder);
        if (c == colorOf.end())
            c = colorOf.insert(h.holder, holderColor(h.holder));
        m_colors.push_back(*c);
        Lane& lane = lanes[laneKey(h.backend, h.resource)];
        lane.backend = h.backend;
        lane.label = h.resource;
        lane.holds.push_back(i);
        if (!h.isOpen())
            lane.longestMs = std::max(lane.longestMs, h.endMs - h.startMs);
    }
    for (int i = 0; i < int(m_waits.size()); ++i) {
        const WaitRecord& w = m_waits[size_t(i)];
        Lane& lane = lanes[laneKey(w.backend, w.resource)];
        lane.backend = w.backend;
        lane.label = w.resource;
        lane.waits.push_back(i);
    }
    const int before = int(m_lanes.size());
    m_lanes.clear();
    m_lanes.reserve(lanes.size());
    for (auto& [key, lane] : lanes) {
        lane.key = key;
        auto byStart = [this](int a, int b) {
            return m_holds[size_t(a)].startMs < m_holds[size_t(b)].startMs;
        };
        std::stable_sort(lane.holds.begin(), lane.holds.end(), byStart);
        m_lanes.push_back(std::move(lane));
    }
    m_firstLane = std::clamp(m_firstLane, 0, std::max(0, int(m_lanes.size()) - 1));
    if (before != int(m_lanes.size()))
        emit lanesChanged(int(m_lanes.size()));
    update();
}

void TimelineWidget::setView(int64_t fromMs, int64_t toMs) {
    const int64_t span = std::clamp<int64_t>(toMs - fromMs, kMinSpanMs, kMaxSpanMs);
    m_to = toMs;
    m_from = toMs - span;
    update();
}

void TimelineWidget::setFollowing(bool on) {
    if (m_following == on)
        return;
    m_following = on;
    if (on)
        setView(m_now - (m_to - m_from), m_now);
    emit followingChanged(on);
}

void TimelineWidget::setNow(int64_t nowMs) {
    m_now = nowMs;
    if (m_following)
        setView(m_now - (m_to - m_from), m_now);
    else
        update();
}

void TimelineWidget::setFirstLane(int lane) {
    lane = std::clamp(lane, 0, std::max(0, int(m_lanes.size()) - 1));
    if (lane == m_firstLane)
        return;
    m_firstLane = lane;
    update();
}

bool TimelineWidget::fitToData() {
    if (m_holds.empty())
        return false;
    int64_t from = m_holds.front().startMs;
    int64_t to = from;
    for (const HoldRecord& h : m_holds) {
        from = std::min(from, h.startMs);
        to = std::max(to, endOf(h));
    }
    const int64_t pad = std::max<int64_t>(500, (to - from) / 20);
    setFollowing(false);
    setView(from - pad, to + pad);
    emit viewChanged(m_from, m_to);
    return true;
}

void TimelineWidget::selectLongest() {
    const HoldRecord* best = nullptr;
    for (const HoldRecord& h : m_holds) {
        if (!best || h.durationMs(m_now) > best->durationMs(m_now))
            best = &h;
    }
    if (!best)
        return;
    m_selected = *best;
    update();
    emit holdClicked(*best);
}

int TimelineWidget::visibleLanes() const {
    return std::max(1, (height() - kAxisHeight) / kLaneHeight);
}

int TimelineWidget::labelWidth() const {
    return std::clamp(width() / 5, 110, 220);
}

int TimelineWidget::xOf(int64_t ms) const {
    const int left = labelWidth();
    const double perMs = double(width() - left) / double(std::max<int64_t>(1, m_to - m_from));
    return left + int(std::floor(double(ms - m_from) * perMs));
}

int64_t TimelineWidget::timeOf(double x) const {
    const int left = labelWidth();
    const double msPerPx = double(m_to - m_from) / double(std::max(1, width() - left));
    return m_from + int64_t((x - left) * msPerPx);
}

int TimelineWidget::laneAt(int y) const {
    if (y < kAxisHeight)
        return -1;
    const int lane = m_firstLane + (y - kAxisHeight) / kLaneHeight;
    return lane < int(m_lanes.size()) ? lane : -1;
}

int TimelineWidget::barCentreY(Backend backend, const QString& resource) const {
    const QString key = laneKey(backend, resource);
    for (int i = m_firstLane; i < int(m_lanes.size()); ++i) {
        if (m_lanes[size_t(i)].key != key)
            continue;
        const int top = kAxisHeight + (i - m_firstLane) * kLaneHeight;
        return top + kLaneHeight > height() ? -1 : top + kBarTop + kBarHeight / 2;
    }
    return -1;
}

std::optional<HoldRecord> TimelineWidget::holdAt(QPoint pos) const {
    const int lane = laneAt(pos.y());
    if (lane < 0 || pos.x() < labelWidth())
        return std::nullopt;
    const int inLane = (pos.y() - kAxisHeight) % kLaneHeight;
    if (inLane < kBarTop - kHitSlop || inLane > kBarTop + kBarHeight + kHitSlop)
        return std::nullopt;
    const double msPerPx = double(m_to - m_from) / double(std::max(1, width() - labelWidth()));
    const int64_t t = timeOf(pos.x());
    const int64_t slop = int64_t(std::ceil(kHitSlop * msPerPx));
    const Lane& l = m_lanes[size_t(lane)];
    const HoldRecord* best = nullptr;
    int64_t bestDistance = 0;
    for (int i : l.holds) {
        const HoldRecord& h = m_holds[size_t(i)];
        if (h.startMs > t + slop)
            break;
        const int64_t end = endOf(h);
        if (end < t - slop)
            continue;
        const int64_t distance = t < h.startMs ? h.startMs - t : t > end ? t - end : 0;
        if (!best || distance < bestDistance) {
            best = &h;
            bestDistance = distance;
        }
    }
    return best ? std::optional<HoldRecord>(*best) : std::nullopt;
}

void TimelineWidget::paintAxis(QPainter& p, int left, int right) {
    static const int64_t steps[] = {1000,       2000,       5000,       10'000,      15'000,
                                    30'000,     60'000,     120'000,    300'000,     600'000,
                                    900'000,    1'800'000,  3'600'000,  7'200'000,   10'800'000,
                                    21'600'000, 43'200'000, 86'400'000, 172'800'000, 604'800'000};
    const double perMs = double(right - left) / double(std::max<int64_t>(1, m_to - m_from));
    int64_t step = steps[std::size(steps) - 1];
    for (int64_t s : steps) {
        if (double(s) * perMs >= 90) {
            step = s;
            break;
        }
    }
    const QString format = step >= 86'400'000           ? QStringLiteral("MM-dd")
                           : m_to - m_from > 86'400'000 ? QStringLiteral("MM-dd hh:mm")
                           : step >= 60'000             ? QStringLiteral("hh:mm")
                                                        : QStringLiteral("hh:mm:ss");
    // Ticks on local time boundaries.
    const int64_t offset = int64_t(QDateTime::fromMSecsSinceEpoch(m_from).offsetFromUtc()) * 1000;
    int64_t t = ((m_from + offset) / step + 1) * step - offset;
    const QColor grid = palette().color(QPalette::Mid);
    p.setPen(palette().color(QPalette::Text));
    for (; t < m_to; t += step) {
        const int x = xOf(t);
        p.setPen(grid);
        p.drawLine(x, kAxisHeight - 6, x, height());
        p.setPen(palette().color(QPalette::Text));
        p.drawText(QRect(x - 60, 2, 120, kAxisHeight - 8), Qt::AlignCenter,
                   QDateTime::fromMSecsSinceEpoch(t).toString(format));
    }
    p.setPen(grid);
    p.drawLine(left, kAxisHeight - 1, right, kAxisHeight - 1);
}

void TimelineWidget::paintEvent(QPaintEvent*) {
    QElapsedTimer timer;
    timer.start();
    QPainter p(this);
    const int left = labelWidth();
    const int right = width();
    p.fillRect(rect(), palette().color(QPalette::Base));
    // Lanes' stripes.
    const int lanes = std::min(visibleLanes() + 1, int(m_lanes.size()) - m_firstLane);
    const QColor stripe = palette().color(QPalette::AlternateBase);
    for (int i = 0; i < lanes; ++i) {
        if ((m_firstLane + i) % 2 == 1)
            p.fillRect(0, kAxisHeight + i * kLaneHeight, right, kLaneHeight, stripe);
    }
    paintAxis(p, left, right);
    const int lanesBottom = kAxisHeight + std::max(0, lanes) * kLaneHeight;
    // Outages: a band across every lane.
    for (const OutageRecord& o : m_outages) {
        const int64_t end = o.isOpen() ? m_now : o.endMs;
        if (end < m_from || o.startMs > m_to)
            continue;
        const int x0 = std::max(left, xOf(o.startMs));
        const int x1 = std::min(right, std::max(x0 + 2, xOf(end)));
        p.fillRect(QRect(x0, kAxisHeight, x1 - x0, height() - kAxisHeight),
                   QColor(220, 40, 40, 45));
        p.setPen(QColor(170, 0, 0));
        p.drawText(QRect(x0 + 3, kAxisHeight + 1, std::max(80, x1 - x0), 14),
                   Qt::AlignLeft | Qt::AlignTop, tr("%1 down").arg(backendDisplayName(o.backend)));
    }
    // Holds and waits, lane by lane: at most one bar per pixel column.
    m_drawn = 0;
    const QBrush waitBrush(palette().color(QPalette::Text), Qt::BDiagPattern);
    p.setClipRect(QRect(left, kAxisHeight, right - left, lanesBottom - kAxisHeight));
    for (int i = 0; i < lanes; ++i) {
        const Lane& lane = m_lanes[size_t(m_firstLane + i)];
        const int top = kAxisHeight + i * kLaneHeight;
        int painted = left - 1; // the last pixel column filled
        auto first = std::lower_bound(
            lane.holds.begin(), lane.holds.end(), m_from - lane.longestMs,
            [this](int idx, int64_t t) { return m_holds[size_t(idx)].startMs < t; });
        // An open hold may have started long before: look from the earliest open one.
        for (auto it = lane.holds.begin(); it != first; ++it) {
            if (m_holds[size_t(*it)].isOpen()) {
                first = it;
                break;
            }
        }
        for (auto it = first; it != lane.holds.end(); ++it) {
            const HoldRecord& h = m_holds[size_t(*it)];
            if (h.startMs > m_to)
                break;
            const int64_t end = endOf(h);
            if (end < m_from)
                continue;
            int x0 = std::max(left, xOf(h.startMs));
            const int x1 = std::min(right, std::max(x0 + 1, xOf(end)));
            if (x1 - 1 <= painted)
                continue; // within a pixel already drawn
            x0 = std::max(x0, painted + 1);
            p.fillRect(x0, top + kBarTop, x1 - x0, kBarHeight, m_colors[size_t(*it)]);
            if (x1 - x0 >= 5 && h.end != HoldEnd::Released && h.end != HoldEnd::Open)
                p.fillRect(x1 - 3, top + kBarTop, 3, kBarHeight, endColor(h.end));
            painted = x1 - 1;
            ++m_drawn;
        }
        int waitPainted = left - 1;
        for (int w : lane.waits) {
            const WaitRecord& r = m_waits[size_t(w)];
            const int64_t end = r.isOpen() ? m_now : r.endMs;
            if (end < m_from || r.startMs > m_to)
                continue;
            int x0 = std::max(left, xOf(r.startMs));
            const int x1 = std::min(right, std::max(x0 + 1, xOf(end)));
            if (x1 - 1 <= waitPainted)
                continue;
            x0 = std::max(x0, waitPainted + 1);
            p.fillRect(x0, top + kWaitTop, x1 - x0, kWaitHeight, waitBrush);
            waitPainted = x1 - 1;
        }
    }
    // The selected hold, outlined.
    if (m_selected) {
        const int y = barCentreY(m_selected->backend, m_selected->resource);
        if (y >= 0) {
            const int x0 = std::max(left, xOf(m_selected->startMs));
            const int x1 = std::min(right, std::max(x0 + 2, xOf(endOf(*m_selected))));
            p.setPen(QPen(palette().color(QPalette::Highlight), 2));
            p.setBrush(Qt::NoBrush);
            p.drawRect(QRect(x0 - 1, y - kBarHeight / 2 - 2, x1 - x0 + 2, kBarHeight + 4));
        }
    }
    if (m_following) {
        p.setPen(QPen(QColor(0, 120, 215), 1, Qt::DashLine));
        p.drawLine(right - 1, kAxisHeight, right - 1, height());
    }
    p.setClipping(false);
    // Lane labels over everything on the left.
    p.fillRect(0, 0, left, height(), palette().color(QPalette::Window));
    p.setPen(palette().color(QPalette::Mid));
    p.drawLine(left - 1, 0, left - 1, height());
    const QFontMetrics fm(font());
    for (int i = 0; i < lanes; ++i) {
        const Lane& lane = m_lanes[size_t(m_firstLane + i)];
        const int top = kAxisHeight + i * kLaneHeight;
        const QString tag = backendName(lane.backend);
        const int tagWidth = fm.horizontalAdvance(tag) + 6;
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(QRect(left - tagWidth - 4, top, tagWidth, kLaneHeight),
                   Qt::AlignRight | Qt::AlignVCenter, tag);
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(QRect(6, top, left - tagWidth - 14, kLaneHeight),
                   Qt::AlignLeft | Qt::AlignVCenter,
                   fm.elidedText(lane.label, Qt::ElideMiddle, left - tagWidth - 14));
    }
    if (m_lanes.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(left, kAxisHeight, 0, 0), Qt::AlignCenter,
                   tr("No holds recorded in this window yet."));
    }
    m_lastPaintNs = timer.nsecsElapsed();
}

void TimelineWidget::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0) {
        event->ignore();
        return;
    }
    const double factor = std::pow(0.8, steps);
    const int64_t span = m_to - m_from;
    const int64_t newSpan =
        std::clamp<int64_t>(int64_t(double(span) * factor), kMinSpanMs, kMaxSpanMs);
    if (m_following) {
        setView(m_to - newSpan, m_to);
    } else {
        const int64_t anchor = timeOf(event->position().x());
        const double at = double(anchor - m_from) / double(std::max<int64_t>(1, span));
        const int64_t from = anchor - int64_t(at * double(newSpan));
        setView(from, from + newSpan);
    }
    emit viewChanged(m_from, m_to);
    event->accept();
}

void TimelineWidget::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton)
        return;
    m_pressed = true;
    m_dragging = false;
    m_pressPos = event->position().toPoint();
    m_pressFrom = m_from;
    m_pressTo = m_to;
}

void TimelineWidget::mouseMoveEvent(QMouseEvent* event) {
    if (!m_pressed)
        return;
    const int dx = event->position().toPoint().x() - m_pressPos.x();
    if (!m_dragging && std::abs(dx) < 4)
        return;
    if (!m_dragging) {
        m_dragging = true;
        setCursor(Qt::ClosedHandCursor);
        if (m_following) {
            m_following = false;
            emit followingChanged(false);
        }
    }
    const double msPerPx =
        double(m_pressTo - m_pressFrom) / double(std::max(1, width() - labelWidth()));
    const int64_t shift = int64_t(double(dx) * msPerPx);
    setView(m_pressFrom - shift, m_pressTo - shift);
    emit viewChanged(m_from, m_to);
}

void TimelineWidget::mouseReleaseEvent(QMouseEvent* event) {
    if (!m_pressed || event->button() != Qt::LeftButton)
        return;
    m_pressed = false;
    if (m_dragging) {
        m_dragging = false;
        unsetCursor();
        return;
    }
    m_selected = holdAt(event->position().toPoint());
    update();
    if (m_selected)
        emit holdClicked(*m_selected);
}

} // namespace lockscope
