#include "core/diagram/diagramexplainer.h"

#include <QCoreApplication>

namespace lockscope {

QString DiagramExplainer::why(const DiagramVerdict& v, DemoScenario::Race race) {
    (void)v;
    (void)race;
    return {};
}

QString DiagramExplainer::headline(const DiagramVerdict& v) {
    (void)v;
    return {};
}

QStringList DiagramExplainer::paragraphs(const SequenceDiagram& d) {
    QStringList out;
    for (const DiagramVerdict& v : d.verdicts)
        out << headline(v) + QStringLiteral(": ") + why(v, d.race);
    return out;
}

QString DiagramExplainer::label(const SequenceDiagram& d, const DiagramEvent& e) {
    (void)d;
    (void)e;
    return {};
}

} // namespace lockscope
