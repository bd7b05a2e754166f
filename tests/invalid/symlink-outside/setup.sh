# Links that would make annals read outside the content folder: a document that is a
# link to a file beside the folder, a folder of meetings that is a link to a folder
# beside it, and a link that leads nowhere. A link to a file inside the folder is fine.
mkdir -p ../outside/more-meetings
printf -- '---\nid: secret\ntitle: Secret\nkind: other\nauthor: org\ndate: 2017-07-01\n---\nNot for publication.\n' >../outside/secret.md
cp meetings/plenary-2.yaml ../outside/more-meetings/plenary-2.yaml
ln -s ../../outside/secret.md documents/secret.md
ln -s ../../outside/more-meetings meetings/more
ln -s ../nowhere.yaml actions/gone.yaml
ln -s ../archive.yaml people/settings.yaml.bak
