"""run.py - the end-to-end suite: every test module, one result line."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import harness  # noqa: E402
import test_cli  # noqa: E402,F401
import test_pages  # noqa: E402,F401
import test_protocol  # noqa: E402,F401
import test_cache  # noqa: E402,F401
import test_proxy  # noqa: E402,F401
import test_search  # noqa: E402,F401
import test_stats  # noqa: E402,F401
import test_feeds  # noqa: E402,F401
import test_html  # noqa: E402,F401
import test_docs  # noqa: E402,F401
import test_hold  # noqa: E402,F401
import test_writes  # noqa: E402,F401
import test_newsroom  # noqa: E402,F401
import test_talk  # noqa: E402,F401
import test_revisions  # noqa: E402,F401
import test_site_admin  # noqa: E402,F401
import test_media  # noqa: E402,F401
import test_docs_desk  # noqa: E402,F401
import test_ntm  # noqa: E402,F401
import test_ntm_office  # noqa: E402,F401
import test_desk_fields  # noqa: E402,F401
import test_ntm_excel  # noqa: E402,F401
import test_activity  # noqa: E402,F401
import test_ntm_entry  # noqa: E402,F401
import test_ntm_versions  # noqa: E402,F401
import test_crawl  # noqa: E402,F401
import test_upload_names  # noqa: E402,F401
import test_fragments  # noqa: E402,F401
import test_attachment_etag  # noqa: E402,F401
import test_list_filters  # noqa: E402,F401
import test_reads  # noqa: E402,F401
import test_about  # noqa: E402,F401

sys.exit(harness.main())
