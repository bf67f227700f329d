#pragma once

#include <QToolButton>

namespace lockscope {

class AlertCenter;

/// The status bar's alert count, seen from every page: "No alerts" or "⚠ 2 alerts" (tinted);
/// a click shows the Alerts page (clicked()).
class AlertIndicator : public QToolButton {
    Q_OBJECT
public:
    explicit AlertIndicator(const AlertCenter* center, QWidget* parent = nullptr);

private:
    void update_();

    const AlertCenter* m_center;
    int m_shown = -1;
};

} // namespace lockscope
