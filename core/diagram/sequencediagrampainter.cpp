#include "core/diagram/sequencediagrampainter.h"

#include "core/diagram/diagramexplainer.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>
#include <vector>

namespace lockscope {

namespace {

using Kind = DiagramEvent::Kind;
using Role = DiagramLane::Role;

constexpr double kHeaderH = 34;    ///< lane name boxes
constexpr double kTimeMargin = 64; ///< the time column on the left
constexpr double kPad = 8;
constexpr double kRowMin = 20;    ///< a labelled row: one line of text and air
constexpr double kSpanRowMin = 3; ///< an unlabelled span start
constexpr double kMinLaneW = 120;
constexpr int kFontPx = 12;

bool hasRow(const DiagramEvent& e) {
    switch (e.kind) {
    case Kind::LockWait:
    case Kind::Lease:
    case Kind::Paying:
        return false;
    default:
        return true;
    }
}

QFont baseFont() {
    QFont f;
    f.setFamily(QStringLiteral("DejaVu Sans"));
    f.setPixelSize(kFontPx);
    return f;
}

/// Where everything goes in an area: lanes' x, each event's y (time downwards, idle time
/// compressed, a minimum spacing between labelled rows).
struct Layout {
    QRectF area;
    double laneW = 0;
    std::vector<double> laneX;
    std::vector<double> y; ///< per event: its start
    double scale = 0;      ///< px per (compressed) microsecond
    qint64 capUs = 1;      ///< longer gaps are drawn as this long
    double top = 0;
    double contentBottom = 0;
    double verdictH = 0;

    Layout(const QRectF& a, const SequenceDiagram& d, const DiagramView& view)
        : area(a) {
        const int lanes = int(d.lanes.size());
        laneW = lanes ? std::max(kMinLaneW * 0.5, (a.width() - kTimeMargin - kPad) / lanes) : 0;
        // Column order: the lock server on the left, the actors, the store on the right: lock
        // arrows go left, store arrows go right.
        laneX.assign(size_t(lanes), 0);
        int col = 0;
        for (const Role role : {Role::LockServer, Role::Actor, Role::Store})
            for (int i = 0; i < lanes; ++i)
                if (d.lanes[size_t(i)].role == role)
                    laneX[size_t(i)] = a.left() + kTimeMargin + laneW * (col++ + 0.5);
        top = a.top() + kHeaderH + kPad + kRowMin / 2;
        verdictH = view.showVerdicts ? verdictHeight(d, a.width(), view) : 0;

        const size_t n = d.events.size();
        y.assign(n, top);
        if (n == 0) {
            contentBottom = top + kRowMin;
            return;
        }
        const qint64 total =
            std::max<qint64>(1, d.events.back().startUs - d.events.front().startUs);
        capUs = std::max<qint64>(2000, total / 10);
        double base = 0;
        double timeSum = 0;
        for (size_t i = 1; i < n; ++i) {
            base += hasRow(d.events[i]) ? kRowMin : kSpanRowMin;
            timeSum += double(std::min(capUs, d.events[i].startUs - d.events[i - 1].startUs));
        }
        const double available = a.height() - (top - a.top()) - verdictH - kPad * 2 - kRowMin;
        scale = timeSum > 0 ? std::max(0.0, available - base) / timeSum : 0;
        // Never stretch a short diagram beyond 6 rows' worth of air per gap on average.
        if (timeSum > 0)
            scale = std::min(scale, kRowMin * 6 * double(n) / timeSum);
        double at = top;
        for (size_t i = 1; i < n; ++i) {
            const DiagramEvent& e = d.events[i];
            at += (hasRow(e) ? kRowMin : kSpanRowMin) +
                  double(std::min(capUs, e.startUs - d.events[i - 1].startUs)) * scale;
            y[i] = at;
        }
        contentBottom = at + kRowMin;
        for (const DiagramEvent& e : d.events)
            if (e.endUs >= 0)
                contentBottom = std::max(contentBottom, yAt(d, e.endUs) + kPad);
    }

    /// The y of any moment: an event's row, or between two rows in proportion.
    double yAt(const SequenceDiagram& d, qint64 t) const {
        const auto& ev = d.events;
        if (ev.empty())
            return top;
        const auto it = std::lower_bound(
            ev.begin(), ev.end(), t, [](const DiagramEvent& e, qint64 v) { return e.startUs < v; });
        const size_t k = size_t(it - ev.begin());
        if (k == 0)
            return y[0];
        if (k == ev.size())
            return y[k - 1] + double(std::min(capUs, t - ev[k - 1].startUs)) * scale +
                   (t > ev[k - 1].startUs ? kSpanRowMin : 0);
        const double span = double(ev[k].startUs - ev[k - 1].startUs);
        const double f = span > 0 ? double(t - ev[k - 1].startUs) / span : 0;
        return y[k - 1] + f * (y[k] - y[k - 1]);
    }

    double totalHeight() const { return contentBottom - area.top() + verdictH + kPad * 2; }

    static double verdictHeight(const SequenceDiagram& d, double width, const DiagramView& view) {
        const QFontMetricsF fm(baseFont());
        double h = 0;
        for (const DiagramVerdict& v : verdictsFor(d, view))
            h += fm.height() + 2 +
                 fm.boundingRect(QRectF(0, 0, width - 2 * kPad, 10000), Qt::TextWordWrap,
                                 DiagramExplainer::why(v, d.race))
                     .height() +
                 8;
        return h;
    }

    static std::vector<DiagramVerdict> verdictsFor(const SequenceDiagram& d,
                                                   const DiagramView& view) {
        std::vector<DiagramVerdict> out;
        for (const DiagramVerdict& v : d.verdicts)
            if (view.cursorUs < 0 || v.atUs <= view.cursorUs)
                out.push_back(v);
        return out;
    }
};

QString timeText(qint64 us) {
    const double ms = double(us) / 1000.0;
    if (ms < 100)
        return QStringLiteral("+%1 ms").arg(ms, 0, 'f', 1);
    if (ms < 1000)
        return QStringLiteral("+%1 ms").arg(ms, 0, 'f', 0);
    return QStringLiteral("+%1 s").arg(ms / 1000.0, 0, 'f', ms < 100000 ? 3 : 1);
}

struct Palette {
    QColor text{33, 33, 33};
    QColor muted{117, 117, 117};
    QColor lane{189, 189, 189};
    QColor arrow{66, 66, 66};
    QColor read{25, 118, 210};
    QColor write{46, 125, 50};
    QColor fenced = SequenceDiagramPainter::fencedColor();
    QColor anomaly = SequenceDiagramPainter::anomalyColor();
    QColor lease{30, 136, 229};
    QColor wait{97, 97, 97};
    QColor pay{165, 214, 167};
    QColor paused{239, 108, 0};
    QColor duplicate{245, 124, 0};
    QColor confirmed{46, 125, 50};
    QColor rejected{97, 97, 97};
    QColor cursor{21, 101, 192};
    QColor labelBg{255, 255, 255, 225};
};

class Painter {
public:
    Painter(QPainter& p, const Layout& l, const SequenceDiagram& d, const DiagramView& v)
        : m_p(p)
        , m_l(l)
        , m_d(d)
        , m_v(v)
        , m_font(baseFont())
        , m_fm(m_font) {
        m_bold = m_font;
        m_bold.setBold(true);
    }

    void paint() {
        m_p.save();
        m_p.setRenderHint(QPainter::Antialiasing, true);
        m_p.setRenderHint(QPainter::TextAntialiasing, true);
        m_p.setFont(m_font);
        QRectF clip = m_l.area;
        if (m_p.hasClipping())
            clip = clip.intersected(m_p.clipBoundingRect());
        m_y0 = clip.top() - kRowMin * 2;
        m_y1 = clip.bottom() + kRowMin * 2;
        lanes();
        const auto& ev = m_d.events;
        for (size_t i = 0; i < ev.size(); ++i) {
            const DiagramEvent& e = ev[i];
            if (m_v.cursorUs >= 0 && e.startUs > m_v.cursorUs)
                break; // sorted by start: nothing later happened yet
            if (e.endUs >= 0) {
                const qint64 end = m_v.cursorUs >= 0 ? std::min(e.endUs, m_v.cursorUs) : e.endUs;
                const double ya = m_l.y[i];
                const double yb = std::max(ya + 2, m_l.yAt(m_d, end));
                if (yb >= m_y0 && ya <= m_y1)
                    span(e, ya, yb);
            } else if (m_l.y[i] >= m_y0 && m_l.y[i] <= m_y1) {
                instant(e, m_l.y[i]);
            } else if (m_l.y[i] > m_y1) {
                // Spans that start below cannot show; instants below neither.
                if (m_l.y[i] > m_y1 + m_l.area.height())
                    break;
            }
        }
        if (m_v.cursorUs >= 0)
            cursorLine();
        header();
        if (m_v.showVerdicts)
            verdicts();
        m_p.restore();
    }

private:
    double x(int lane) const {
        return lane >= 0 && size_t(lane) < m_l.laneX.size() ? m_l.laneX[size_t(lane)] : -1;
    }

    void lanes() {
        QPen pen(m_c.lane, 1, Qt::DashLine);
        m_p.setPen(pen);
        const double bottom = std::min(m_l.contentBottom, m_y1);
        for (const double lx : m_l.laneX)
            m_p.drawLine(QPointF(lx, std::max(m_l.area.top() + kHeaderH, m_y0)),
                         QPointF(lx, bottom));
    }

    void header() {
        const double top = m_l.area.top();
        if (top + kHeaderH < m_y0 - kRowMin * 2)
            return;
        m_p.setPen(Qt::NoPen);
        m_p.setBrush(Qt::white);
        m_p.drawRect(QRectF(m_l.area.left(), top, m_l.area.width(), kHeaderH));
        m_p.setFont(m_bold);
        for (size_t i = 0; i < m_d.lanes.size(); ++i) {
            const DiagramLane& lane = m_d.lanes[i];
            const QColor fill = lane.role == Role::Actor        ? QColor(227, 242, 253)
                                : lane.role == Role::LockServer ? QColor(237, 231, 246)
                                                                : QColor(255, 243, 224);
            const QRectF box(m_l.laneX[i] - m_l.laneW / 2 + 4, top + 4, m_l.laneW - 8,
                             kHeaderH - 8);
            m_p.setPen(QPen(m_c.lane, 1));
            m_p.setBrush(fill);
            m_p.drawRoundedRect(box, 4, 4);
            m_p.setPen(m_c.text);
            const QFontMetricsF bfm(m_bold);
            m_p.drawText(box, Qt::AlignCenter,
                         bfm.elidedText(lane.name, Qt::ElideRight, box.width() - 6));
        }
        m_p.setFont(m_font);
    }

    /// A label with a light background so that lane lines do not cross it.
    void label(const QString& text, QPointF at, const QColor& color, Qt::Alignment align,
               double maxW, bool bold = false) {
        if (text.isEmpty())
            return;
        const QFontMetricsF fm(bold ? m_bold : m_font);
        const QString shown = fm.elidedText(text, Qt::ElideRight, std::max(20.0, maxW));
        const double w = fm.horizontalAdvance(shown) + 6;
        const double h = fm.height() + 2;
        double left = at.x();
        if (align & Qt::AlignHCenter)
            left -= w / 2;
        else if (align & Qt::AlignRight)
            left -= w;
        const QRectF r(left, at.y() - h / 2, w, h);
        m_p.setPen(Qt::NoPen);
        m_p.setBrush(m_c.labelBg);
        m_p.drawRect(r);
        m_p.setPen(color);
        if (bold)
            m_p.setFont(m_bold);
        m_p.drawText(r, Qt::AlignCenter, shown);
        if (bold)
            m_p.setFont(m_font);
    }

    void arrow(double x1, double x2, double y, const QColor& color, bool dashed) {
        m_p.setPen(QPen(color, 1.4, dashed ? Qt::DashLine : Qt::SolidLine));
        m_p.drawLine(QPointF(x1, y), QPointF(x2, y));
        const double dir = x2 > x1 ? 1 : -1;
        QPainterPath head;
        head.moveTo(x2, y);
        head.lineTo(x2 - dir * 7, y - 3.5);
        head.lineTo(x2 - dir * 7, y + 3.5);
        head.closeSubpath();
        m_p.setPen(Qt::NoPen);
        m_p.setBrush(color);
        m_p.drawPath(head);
    }

    /// An arrow between the actor and its peer with the label above its middle.
    void message(const DiagramEvent& e, double y, const QString& text, const QColor& color,
                 bool toPeer, bool dashed = false) {
        const double ax = x(e.lane);
        const double px = x(e.peerLane);
        if (px < 0) {
            dot(ax, y, color);
            label(text, QPointF(ax + 8, y), color, Qt::AlignLeft, m_l.laneW - 12);
            return;
        }
        const double from = toPeer ? ax : px;
        const double to = toPeer ? px : ax;
        const double shrink = to > from ? -4 : 4;
        arrow(from, to + shrink, y, color, dashed);
        label(text, QPointF((ax + px) / 2, y - 8), color, Qt::AlignHCenter,
              std::abs(px - ax) + m_l.laneW / 2);
    }

    void dot(double cx, double y, const QColor& color, double r = 3.5) {
        m_p.setPen(Qt::NoPen);
        m_p.setBrush(color);
        m_p.drawEllipse(QPointF(cx, y), r, r);
    }

    void cross(double cx, double y, const QColor& color, double r) {
        m_p.setPen(QPen(color, 2.5));
        m_p.drawLine(QPointF(cx - r, y - r), QPointF(cx + r, y + r));
        m_p.drawLine(QPointF(cx - r, y + r), QPointF(cx + r, y - r));
    }

    void instant(const DiagramEvent& e, double y) {
        const QString text = DiagramExplainer::label(m_d, e);
        const double ax = x(e.lane);
        // Beside the lane, into the next one's column: every labelled event has a row of its
        // own, so nothing else is written there.
        const double side = m_l.laneW - 16;
        switch (e.kind) {
        case Kind::LockAcquired:
            message(e, y, text, m_c.arrow, false);
            break;
        case Kind::Read:
            message(e, y, text, m_c.read, true, true);
            break;
        case Kind::WriteAccepted:
            message(e, y, text, m_c.write, true);
            break;
        case Kind::WriteFenced: {
            // The write goes out and stops at the store: a red mark, "token 33 < 34 seen".
            const double px = x(e.peerLane);
            if (px >= 0) {
                m_p.setPen(QPen(m_c.fenced, 1.6));
                m_p.drawLine(QPointF(ax, y), QPointF(px - (px > ax ? 10 : -10), y));
                m_p.setPen(Qt::NoPen);
                m_p.setBrush(m_c.fenced);
                m_p.drawEllipse(QPointF(px, y), 8, 8);
                m_p.setPen(QPen(Qt::white, 2));
                m_p.drawLine(QPointF(px - 4, y - 4), QPointF(px + 4, y + 4));
                m_p.drawLine(QPointF(px - 4, y + 4), QPointF(px + 4, y - 4));
                label(text, QPointF((ax + px) / 2, y - 9), m_c.fenced, Qt::AlignHCenter,
                      std::abs(px - ax) + m_l.laneW / 2, true);
            } else {
                cross(ax, y, m_c.fenced, 5);
                label(text, QPointF(ax + 8, y), m_c.fenced, Qt::AlignLeft, side, true);
            }
            break;
        }
        case Kind::WriteDuplicate: {
            const double px = x(e.peerLane);
            if (px >= 0) {
                m_p.setPen(QPen(m_c.duplicate, 1.4));
                m_p.drawLine(QPointF(ax, y), QPointF(px - (px > ax ? 8 : -8), y));
                cross(px, y, m_c.duplicate, 5);
                label(text, QPointF((ax + px) / 2, y - 8), m_c.duplicate, Qt::AlignHCenter,
                      std::abs(px - ax) + m_l.laneW / 2);
            } else {
                cross(ax, y, m_c.duplicate, 5);
                label(text, QPointF(ax + 8, y), m_c.duplicate, Qt::AlignLeft, side);
            }
            break;
        }
        case Kind::Released:
            message(e, y, text, m_c.muted, true);
            break;
        case Kind::ReleaseNotOwner:
            message(e, y, text, m_c.paused, true, true);
            break;
        case Kind::LeaseExpired: {
            // On the lock server's lane: the holder's key ran out there.
            const double lx = e.peerLane >= 0 ? x(e.peerLane) : ax;
            m_p.setPen(QPen(m_c.fenced, 2));
            m_p.setBrush(Qt::white);
            m_p.drawEllipse(QPointF(lx, y), 6, 6);
            m_p.drawLine(QPointF(lx, y), QPointF(lx, y - 4));
            m_p.drawLine(QPointF(lx, y), QPointF(lx + 3, y));
            if (lx != ax) {
                m_p.setPen(QPen(m_c.fenced, 1, Qt::DotLine));
                m_p.drawLine(QPointF(lx + (ax > lx ? 7 : -7), y), QPointF(ax, y));
            }
            label(text, QPointF(lx + 10, y - (lx != ax ? 9 : 0)), m_c.fenced, Qt::AlignLeft,
                  std::max(side, std::abs(ax - lx) - 14));
            break;
        }
        case Kind::LockTimeout:
            cross(ax, y, m_c.muted, 4);
            label(text, QPointF(ax + 8, y), m_c.muted, Qt::AlignLeft, side);
            break;
        case Kind::Crashed:
            cross(ax, y, m_c.fenced, 7);
            label(text, QPointF(ax + 10, y), m_c.fenced, Qt::AlignLeft, side, true);
            break;
        case Kind::Confirmed:
            dot(ax, y, m_c.confirmed, 5);
            label(text, QPointF(ax + 8, y), m_c.confirmed, Qt::AlignLeft, side, true);
            break;
        case Kind::Rejected:
            m_p.setPen(QPen(m_c.rejected, 1.5));
            m_p.setBrush(Qt::white);
            m_p.drawEllipse(QPointF(ax, y), 4.5, 4.5);
            label(text, QPointF(ax + 8, y), m_c.rejected, Qt::AlignLeft, side);
            break;
        case Kind::Anomaly: {
            // A badge on the write that caused it, beside the store.
            const double px = e.peerLane >= 0 ? x(e.peerLane) : ax;
            const QFontMetricsF fm(m_bold);
            const double w = fm.horizontalAdvance(text) + 12;
            const double cx = px >= 0 && e.peerLane >= 0 ? (ax + px) / 2 : ax + 8 + w / 2;
            const QRectF badge(cx - w / 2, y - 9, w, 18);
            m_p.setPen(Qt::NoPen);
            m_p.setBrush(m_c.anomaly);
            m_p.drawRoundedRect(badge, 4, 4);
            m_p.setPen(Qt::white);
            m_p.setFont(m_bold);
            m_p.drawText(badge, Qt::AlignCenter, text);
            m_p.setFont(m_font);
            if (e.peerLane >= 0)
                dot(px, y, m_c.anomaly, 5);
            break;
        }
        case Kind::Error:
            cross(ax, y, m_c.fenced, 4);
            label(text, QPointF(ax + 8, y), m_c.fenced, Qt::AlignLeft, side);
            break;
        default:
            break;
        }
        if (hasRow(e) && e.kind != Kind::Anomaly) {
            m_p.setPen(m_c.muted);
            m_p.drawText(QRectF(m_l.area.left() + 2, y - kRowMin / 2, kTimeMargin - 6, kRowMin),
                         Qt::AlignRight | Qt::AlignVCenter, timeText(e.startUs - m_d.beginUs));
        }
    }

    void span(const DiagramEvent& e, double ya, double yb) {
        const double ax = x(e.lane);
        switch (e.kind) {
        case Kind::LockWait:
            m_p.setPen(QPen(m_c.wait, 1));
            m_p.setBrush(QBrush(m_c.wait, Qt::BDiagPattern));
            m_p.drawRect(QRectF(ax - 5, ya, 10, yb - ya));
            break;
        case Kind::Lease: {
            const QRectF bar(ax + 9, ya, 4, yb - ya);
            m_p.setPen(Qt::NoPen);
            m_p.setBrush(m_c.lease);
            m_p.drawRect(bar);
            // Ran to its deadline: a red cap where it expired.
            if (e.valueUs >= 0 && e.endUs >= e.valueUs &&
                (m_v.cursorUs < 0 || m_v.cursorUs >= e.valueUs)) {
                m_p.setPen(QPen(m_c.fenced, 2.5));
                m_p.drawLine(QPointF(ax + 6, yb), QPointF(ax + 16, yb));
            }
            break;
        }
        case Kind::Paying:
            m_p.setPen(QPen(m_c.write, 1));
            m_p.setBrush(m_c.pay);
            m_p.drawRect(QRectF(ax - 4, ya, 8, yb - ya));
            break;
        case Kind::Paused: {
            const QRectF r(ax - 7, ya, 14, yb - ya);
            m_p.setPen(QPen(m_c.paused, 1.2));
            m_p.setBrush(QColor(255, 224, 178));
            m_p.drawRect(r);
            m_p.setBrush(QBrush(m_c.paused, Qt::FDiagPattern));
            m_p.drawRect(r);
            // Its label on the row it starts on (the row is its own: nothing else is there).
            if (ya >= m_y0) {
                label(DiagramExplainer::label(m_d, e), QPointF(ax + 16, ya), m_c.paused,
                      Qt::AlignLeft, m_l.laneW - 20, true);
                m_p.setPen(m_c.muted);
                m_p.drawText(
                    QRectF(m_l.area.left() + 2, ya - kRowMin / 2, kTimeMargin - 6, kRowMin),
                    Qt::AlignRight | Qt::AlignVCenter, timeText(e.startUs - m_d.beginUs));
            }
            break;
        }
        default:
            break;
        }
    }

    void cursorLine() {
        const double y = m_l.yAt(m_d, m_v.cursorUs);
        if (y < m_y0 || y > m_y1)
            return;
        m_p.setPen(QPen(m_c.cursor, 1.5, Qt::DashLine));
        m_p.drawLine(QPointF(m_l.area.left() + kTimeMargin - 4, y),
                     QPointF(m_l.area.right() - 4, y));
        label(timeText(m_v.cursorUs - m_d.beginUs), QPointF(m_l.area.left() + 2, y), m_c.cursor,
              Qt::AlignLeft, kTimeMargin - 4, true);
    }

    void verdicts() {
        double y = m_l.contentBottom + kPad;
        const double w = m_l.area.width() - 2 * kPad;
        for (const DiagramVerdict& v : Layout::verdictsFor(m_d, m_v)) {
            const QString why = DiagramExplainer::why(v, m_d.race);
            const QRectF r = m_fm.boundingRect(QRectF(0, 0, w, 10000), Qt::TextWordWrap, why);
            const double lineH = m_fm.height() + 2;
            if (y + lineH + r.height() >= m_y0 && y <= m_y1) {
                m_p.setFont(m_bold);
                m_p.setPen(v.isAnomaly() ? m_c.anomaly : m_c.confirmed);
                m_p.drawText(QRectF(m_l.area.left() + kPad, y, w, lineH),
                             Qt::AlignLeft | Qt::AlignVCenter, DiagramExplainer::headline(v));
                m_p.setFont(m_font);
                m_p.setPen(m_c.text);
                m_p.drawText(QRectF(m_l.area.left() + kPad, y + lineH, w, r.height()),
                             Qt::TextWordWrap, why);
            }
            y += lineH + r.height() + 8;
        }
    }

    QPainter& m_p;
    const Layout& m_l;
    const SequenceDiagram& m_d;
    const DiagramView& m_v;
    Palette m_c;
    QFont m_font;
    QFont m_bold;
    QFontMetricsF m_fm;
    double m_y0 = 0, m_y1 = 0;
};

} // namespace

QColor SequenceDiagramPainter::fencedColor() {
    return QColor(211, 47, 47);
}

QColor SequenceDiagramPainter::anomalyColor() {
    return QColor(173, 20, 87);
}

void SequenceDiagramPainter::paint(QPainter& p, const QRectF& area, const SequenceDiagram& d,
                                   const DiagramView& view) {
    const Layout l(area, d, view);
    p.save();
    double shift = 0;
    if (view.followCursor && l.totalHeight() > area.height()) {
        const double at = view.cursorUs >= 0 ? l.yAt(d, view.cursorUs) : l.contentBottom;
        shift = std::max(0.0, at + kRowMin * 2 - area.bottom());
    }
    if (shift > 0) {
        p.setClipRect(area);
        p.translate(0, -shift);
        // The header stays: drawn again at the top after the scrolled content.
    }
    Painter(p, l, d, view).paint();
    p.restore();
    if (shift > 0) {
        // Lane names stay visible when scrolled.
        DiagramView headerOnly = view;
        headerOnly.showVerdicts = false;
        SequenceDiagram lanesOnly;
        lanesOnly.race = d.race;
        lanesOnly.lanes = d.lanes;
        p.save();
        p.setClipRect(QRectF(area.left(), area.top(), area.width(), kHeaderH));
        Painter(p, Layout(area, lanesOnly, headerOnly), lanesOnly, headerOnly).paint();
        p.restore();
    }
}

QSize SequenceDiagramPainter::preferredSize(const SequenceDiagram& d, const DiagramView& view) {
    const int width =
        int(std::max(640.0, kTimeMargin + kPad + kMinLaneW * 1.5 * double(d.lanes.size())));
    return QSize(width, heightForWidth(d, width, view));
}

int SequenceDiagramPainter::heightForWidth(const SequenceDiagram& d, int width,
                                           const DiagramView& view) {
    // Laid out in no height at all: every gap at its minimum; then some air for time.
    const Layout tight(QRectF(0, 0, width, 0), d, view);
    double rows = tight.contentBottom;
    rows += std::min(600.0, rows * 0.4);
    return int(std::ceil(rows + tight.verdictH + kPad * 2));
}

int SequenceDiagramPainter::eventAt(const QRectF& area, const SequenceDiagram& d, QPointF pos) {
    const Layout l(area, d, {});
    int found = -1;
    for (size_t i = 0; i < d.events.size(); ++i) {
        const DiagramEvent& e = d.events[i];
        const double ax = l.laneX[size_t(std::clamp(e.lane, 0, int(l.laneX.size()) - 1))];
        QRectF r;
        if (e.endUs >= 0) {
            r = QRectF(ax - 10, l.y[i], 26, std::max(4.0, l.yAt(d, e.endUs) - l.y[i]));
        } else {
            double x1 = ax - 8, x2 = ax + l.laneW / 2;
            if (e.peerLane >= 0 && size_t(e.peerLane) < l.laneX.size()) {
                x1 = std::min(ax, l.laneX[size_t(e.peerLane)]) - 8;
                x2 = std::max(ax, l.laneX[size_t(e.peerLane)]) + 8;
            }
            r = QRectF(x1, l.y[i] - kRowMin / 2, x2 - x1, kRowMin);
        }
        if (r.contains(pos) && (found < 0 || e.endUs < 0 || d.events[size_t(found)].endUs >= 0))
            found = int(i);
    }
    return found;
}

QPointF SequenceDiagramPainter::eventPos(const QRectF& area, const SequenceDiagram& d, int index) {
    if (index < 0 || size_t(index) >= d.events.size())
        return {};
    const Layout l(area, d, {});
    const DiagramEvent& e = d.events[size_t(index)];
    const int lane = e.kind == Kind::LeaseExpired && e.peerLane >= 0 ? e.peerLane : e.lane;
    if (lane < 0 || size_t(lane) >= l.laneX.size())
        return {};
    return QPointF(l.laneX[size_t(lane)], l.y[size_t(index)]);
}

} // namespace lockscope
