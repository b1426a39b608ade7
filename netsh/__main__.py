from netsh.cli.app import main

main()
