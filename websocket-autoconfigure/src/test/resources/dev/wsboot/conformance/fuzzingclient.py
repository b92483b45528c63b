# Runs the Autobahn TestSuite's fuzzing client on Jython, for AutobahnFuzzingClientTests.
#
#   jython fuzzingclient.py <spec.json> <progress.jsonl>
#
# The spec is the fuzzing client's usual one (servers, cases, outdir). The suite writes its
# reports (index.json and one file per case) only once every case has run; so that a run the test
# has to kill still says how far it got, every case start and result is also appended to the
# progress file, one JSON object a line, as it happens. Of the per-case reports, only those of
# cases that are not OK are written (see create_reports).

import json
import os
import sys
import time

spec_file, progress_file = sys.argv[1], sys.argv[2]
spec = json.loads(open(spec_file).read())
progress = open(progress_file, 'a')


def record(event):
    event['time'] = round(time.time(), 3)
    progress.write(json.dumps(event) + '\n')
    progress.flush()


record({'event': 'interpreter'})

# wstest must come first: it installs the Twisted reactor.
from autobahntestsuite import wstest
from autobahntestsuite import fuzzing


original_next_case = fuzzing.FuzzingClientFactory.nextCase


def next_case(self):
    more = original_next_case(self)
    if more:
        record({'event': 'start', 'agent': self.agent, 'case': self.currentCaseId})
    return more


original_log_case = fuzzing.FuzzingFactory.logCase


def log_case(self, results):
    original_log_case(self, results)
    record({'event': 'result', 'agent': results['agent'], 'case': results['id'],
            'behavior': results['behavior'], 'behaviorClose': results['behaviorClose']})


fuzzing.FuzzingClientFactory.nextCase = next_case
fuzzing.FuzzingFactory.logCase = log_case


def create_reports(self):
    # The suite's own createReports writes an HTML and a JSON report for every case, which takes
    # Jython longer than running the cases; write the index (HTML and JSON) and the case reports
    # of the cases that are not plainly OK, which are the ones somebody will want to read.
    record({'event': 'reports'})
    if not os.path.exists(self.outdir):
        os.makedirs(self.outdir)
    self.createMasterReportHTML(self.outdir)
    self.createMasterReportJSON(self.outdir)
    record({'event': 'index'})
    for agent in self.agents:
        for case in self.agents[agent]:
            if self.agents[agent][case]['behavior'] != 'OK':
                self.createAgentCaseReportHTML(agent, case, self.outdir)
                self.createAgentCaseReportJSON(agent, case, self.outdir)


fuzzing.FuzzingFactory.createReports = create_reports

record({'event': 'begin'})
wstest.start({'mode': 'fuzzingclient'}, spec)
record({'event': 'done'})
