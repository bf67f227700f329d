#include "core/diagram/sequencediagrampainter.h"

#include <QPainter>

namespace lockscope {

void SequenceDiagramPainter::paint(QPainter& p, const QRectF& area, const SequenceDiagram& d,
                                   const DiagramView& view) {
    (void)p;
    (void)area;
    (void)d;
    (void)view;
}

QSize SequenceDiagramPainter::preferredSize(const SequenceDiagram& d, const DiagramView& view) {
    (void)view;
    return QSize(qMax(640, 160 * int(d.lanes.size())), 480);
}

int SequenceDiagramPainter::eventAt(const QRectF& area, const SequenceDiagram& d, QPointF pos) {
    (void)area;
    (void)d;
    (void)pos;
    return -1;
}

QPointF SequenceDiagramPainter::eventPos(const QRectF& area, const SequenceDiagram& d, int index) {
    (void)area;
    (void)d;
    (void)index;
    return {};
}

} // namespace lockscope
