#pragma once

#include "core/diagram/sequencediagram.h"

#include <QColor>
#include <QPointF>
#include <QRectF>
#include <QSize>

class QPainter;

namespace lockscope {

struct DiagramView {
    qint64 cursorUs = -1;     ///< replay: draw only what happened up to here (-1: everything)
    bool showVerdicts = true; ///< the why paragraphs under the diagram (CLI render: yes)
    /// When the diagram is taller than the area: scroll so that the cursor (or, without one,
    /// the last event) stays in view (a live diagram, a replay in a fixed frame).
    bool followCursor = false;
};

/// Draws a SequenceDiagram with QPainter: lanes left to right with a header, time downwards
/// (idle time compressed, a minimum spacing between rows so labels never overlap), arrows
/// between an actor and the lock server / store, lease bars, lock waits, pauses, crashes,
/// fenced writes and anomalies. Culls to the painter's clip rect: 10,000 events in one frame
/// stay well under 50 ms (`lockscope-cli bench diagram`).
class SequenceDiagramPainter {
public:
    /// Lanes left to right, time downwards; lays itself out in `area` (any size, scales the
    /// time axis; text stays readable), on any QPaintDevice (widget, QImage, QSvgGenerator).
    static void paint(QPainter& p, const QRectF& area, const SequenceDiagram& d,
                      const DiagramView& view = {});
    static QSize preferredSize(const SequenceDiagram& d, const DiagramView& view = {});
    /// The preferred height at a given width (the why paragraphs wrap).
    static int heightForWidth(const SequenceDiagram& d, int width, const DiagramView& view = {});
    /// The colour of the fenced-off mark (tests look for it in a PNG).
    static QColor fencedColor();
    /// The colour of an anomaly mark ("OVERSOLD").
    static QColor anomalyColor();
    /// For tests and hit-testing: the event under a point, -1 for none.
    static int eventAt(const QRectF& area, const SequenceDiagram& d, QPointF pos);
    /// Where an event is drawn in `area` (its anchor: the lane's x, the time's y); for tests and
    /// tooltips. A null point for an out-of-range index.
    static QPointF eventPos(const QRectF& area, const SequenceDiagram& d, int index);
};

} // namespace lockscope
