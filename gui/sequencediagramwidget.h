#pragma once

#include "core/diagram/sequencediagram.h"
#include "core/diagram/sequencediagrampainter.h"

#include <QWidget>

namespace lockscope {

/// A SequenceDiagram drawn by SequenceDiagramPainter, for a QScrollArea (widgetResizable):
/// it takes the scroll area's width and grows downwards to the diagram's preferred height.
/// setDiagram() is cheap (a copy and a repaint), so a live diagram may be set on every step;
/// setCursorUs() replays (only what happened up to the cursor is drawn). A tooltip names the
/// event under the pointer: what it is, its token and its time.
class SequenceDiagramWidget : public QWidget {
    Q_OBJECT
public:
    explicit SequenceDiagramWidget(QWidget* parent = nullptr);

    void setDiagram(const SequenceDiagram& d);
    const SequenceDiagram& diagram() const { return m_diagram; }
    /// Replay: draw what happened up to cursorUs (on the diagram's clock); -1: everything.
    void setCursorUs(qint64 cursorUs);
    qint64 cursorUs() const { return m_view.cursorUs; }
    /// The events drawn with the current cursor (every event starting at or before it).
    int drawnEvents() const;
    /// The tooltip text for the event under pos (widget coordinates); empty for none.
    QString toolTipAt(QPoint pos) const;
    /// What the tooltip says of an event: its label, token, time (and span), translated.
    static QString describe(const SequenceDiagram& d, const DiagramEvent& e);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* e) override;

private:
    SequenceDiagram m_diagram;
    DiagramView m_view;
    QSize m_preferred{400, 200};
};

} // namespace lockscope
