#include "gui/verdictwhylabel.h"

#include "core/diagram/diagramexplainer.h"
#include "core/diagram/sequencediagrampainter.h"

namespace lockscope {

VerdictWhyLabel::VerdictWhyLabel(QWidget* parent)
    : QLabel(parent) {
    setWordWrap(true);
    setTextFormat(Qt::RichText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setAlignment(Qt::AlignLeft | Qt::AlignTop);
    setContentsMargins(6, 4, 6, 4);
}

void VerdictWhyLabel::showVerdicts(const SequenceDiagram& d, qint64 cursorUs) {
    QStringList html, plain;
    for (const DiagramVerdict& v : d.verdicts) {
        if (cursorUs >= 0 && v.atUs > cursorUs)
            continue;
        const QString headline = DiagramExplainer::headline(v);
        const QString why = DiagramExplainer::why(v, d.race);
        const QColor colour =
            v.isAnomaly() ? SequenceDiagramPainter::anomalyColor() : QColor(46, 125, 50);
        html << QStringLiteral("<p style='margin:0 0 6px 0'><b style='color:%1'>%2</b><br>%3</p>")
                    .arg(colour.name(), headline.toHtmlEscaped(), why.toHtmlEscaped());
        plain << headline + QStringLiteral(": ") + why;
    }
    m_plain = plain.join(QStringLiteral("\n\n"));
    setText(html.join(QString()));
    setVisible(!html.isEmpty());
}

void VerdictWhyLabel::showMessage(const QString& message) {
    m_plain = message;
    setText(message.toHtmlEscaped());
    setVisible(!message.isEmpty());
}

} // namespace lockscope
