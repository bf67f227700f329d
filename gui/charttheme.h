#pragma once

#include <QApplication>
#include <QChart>
#include <QPalette>

namespace lockscope {

/// Charts follow the system palette: the dark chart theme on a dark palette, light otherwise.
/// Axis labels in the application's number format (0,5 in German).
/// Call before adding series (a theme resets series colours).
inline void applyChartTheme(QChart* chart) {
    const bool dark = QApplication::palette().color(QPalette::Window).lightness() < 128;
    chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setBackgroundRoundness(0);
    chart->setLocalizeNumbers(true);
}

} // namespace lockscope
