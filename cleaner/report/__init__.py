"""Reports of a cleaning run: unified diffs, the JSON report and the HTML review page."""
