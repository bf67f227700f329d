#include "gui/chartaxis.h"

#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace lockscope {

void setRoundRange(QValueAxis* axis, double max, bool integers) {
    setRoundRange(axis, 0, max, integers);
}

void setRoundRange(QValueAxis* axis, double min, double max, bool integers) {
    const double bottom = std::min(min, 0.0);
    const double top = std::max(max, integers ? 1.0 : 0.1);
    const double raw = (top - bottom) / 5;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    double step = 10 * magnitude;
    for (double m : {1.0, 2.0, 5.0})
        if (m * magnitude >= raw) {
            step = m * magnitude;
            break;
        }
    if (integers)
        step = std::max(step, 1.0);
    else
        axis->setLabelFormat(step >= 1     ? QStringLiteral("%.0f")
                             : step >= 0.1 ? QStringLiteral("%.1f")
                                           : QStringLiteral("%.2f"));
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    axis->setRange(std::floor(bottom / step + 1e-9) * step, std::ceil(top / step - 1e-9) * step);
}

} // namespace lockscope
