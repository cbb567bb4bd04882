import json

from tests.bot.harness import Testbed, message_text


def test_start_posts_root_and_question(slack: Testbed) -> None:
    response = slack.command("/journey", "start ECサイトの購入体験", user="U0AAA0001")
    assert response.status_code == 200
    slack.idle()
    [root] = slack.roots()
    for call in slack.fake.calls():
        print(call.method, call.status, json.dumps(call.args, ensure_ascii=False)[:1500])
    print(message_text(slack.thread(root)[0]))
