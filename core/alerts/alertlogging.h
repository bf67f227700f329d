#pragma once

#include <QLoggingCategory>

/// "lockscope.alerts": the alert engine and the alert command runner.
Q_DECLARE_LOGGING_CATEGORY(lcAlerts)
