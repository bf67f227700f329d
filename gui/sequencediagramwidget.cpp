#include "gui/sequencediagramwidget.h"

#include "core/diagram/diagramexplainer.h"

#include <QHelpEvent>
#include <QLocale>
#include <QPaintEvent>
#include <QPainter>
#include <QToolTip>

namespace lockscope {

SequenceDiagramWidget::SequenceDiagramWidget(QWidget* parent)
    : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    m_view.showVerdicts = false; // the pages show them in a VerdictWhyLabel, outside the scroll
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Minimum);
}

void SequenceDiagramWidget::setDiagram(const SequenceDiagram& d) {
    m_diagram = d;
    DiagramView sizing = m_view;
    sizing.cursorUs = -1; // the replay never changes the layout
    const QSize preferred = SequenceDiagramPainter::preferredSize(m_diagram, sizing);
    if (preferred != m_preferred) {
        m_preferred = preferred;
        setMinimumHeight(m_preferred.height());
        updateGeometry();
    }
    update();
}

void SequenceDiagramWidget::setCursorUs(qint64 cursorUs) {
    if (cursorUs == m_view.cursorUs)
        return;
    m_view.cursorUs = cursorUs;
    update();
}

int SequenceDiagramWidget::drawnEvents() const {
    if (m_view.cursorUs < 0)
        return int(m_diagram.events.size());
    int n = 0;
    for (const DiagramEvent& e : m_diagram.events)
        if (e.startUs <= m_view.cursorUs)
            ++n;
    return n;
}

QSize SequenceDiagramWidget::sizeHint() const {
    return m_preferred;
}

QSize SequenceDiagramWidget::minimumSizeHint() const {
    // Narrower than preferred is fine (the painter scales and elides); shorter is not: the
    // scroll area scrolls instead.
    return {std::min(m_preferred.width(), 360), m_preferred.height()};
}

void SequenceDiagramWidget::paintEvent(QPaintEvent* event) {
    QPainter p(this);
    p.setClipRect(event->rect());
    p.fillRect(event->rect(), palette().base());
    p.setRenderHint(QPainter::Antialiasing);
    if (m_diagram.lanes.empty())
        return;
    SequenceDiagramPainter::paint(p, QRectF(rect()), m_diagram, m_view);
}

bool SequenceDiagramWidget::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty()) {
            QToolTip::hideText();
            e->ignore();
        } else {
            QToolTip::showText(help->globalPos(), text, this);
        }
        return true;
    }
    return QWidget::event(e);
}

QString SequenceDiagramWidget::toolTipAt(QPoint pos) const {
    const int at = SequenceDiagramPainter::eventAt(QRectF(rect()), m_diagram, QPointF(pos));
    if (at < 0 || at >= int(m_diagram.events.size()))
        return {};
    const DiagramEvent& e = m_diagram.events[size_t(at)];
    if (m_view.cursorUs >= 0 && e.startUs > m_view.cursorUs)
        return {}; // not drawn yet in the replay
    return describe(m_diagram, e);
}

QString SequenceDiagramWidget::describe(const SequenceDiagram& d, const DiagramEvent& e) {
    auto ms = [&d](qint64 us) {
        return QLocale().toString(double(us - d.beginUs) / 1000.0, 'f', 1);
    };
    QString label = DiagramExplainer::label(d, e);
    const QString lane =
        e.lane >= 0 && e.lane < int(d.lanes.size()) ? d.lanes[size_t(e.lane)].name : QString();
    QStringList lines;
    lines << (lane.isEmpty() ? label : tr("%1: %2").arg(lane, label));
    if (e.isSpan())
        lines << tr("from %1 ms to %2 ms (%3 ms)")
                     .arg(ms(e.startUs), ms(e.endUs),
                          QLocale().toString(double(e.endUs - e.startUs) / 1000.0, 'f', 1));
    else
        lines << tr("at %1 ms").arg(ms(e.startUs));
    if (e.token > 0)
        lines << tr("token %1").arg(e.token);
    if (e.seenToken > 0)
        lines << tr("the store had seen token %1").arg(e.seenToken);
    if (e.valueUs >= 0 && e.kind == DiagramEvent::Kind::Lease)
        lines << tr("lease deadline at %1 ms").arg(ms(e.valueUs));
    if (!e.detail.isEmpty())
        lines << e.detail.left(200); // data (a server's error), shown as it came
    return lines.join(u'\n');
}

} // namespace lockscope
