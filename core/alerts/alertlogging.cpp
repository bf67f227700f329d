#include "core/alerts/alertlogging.h"

Q_LOGGING_CATEGORY(lcAlerts, "lockscope.alerts", QtInfoMsg)
