//! Exercise 16: stop accepting, finish what is in flight, then return.

use std::io;
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use exercises::kit;

pub fn serve(listener: TcpListener, stop: Arc<AtomicBool>) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let mut connections = Vec::new();
    while !stop.load(Ordering::SeqCst) {
        match listener.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(false)?;
                connections.push(thread::spawn(move || handle(stream)));
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                thread::sleep(Duration::from_millis(10));
            }
            Err(_) => {}
        }
        // Forget the threads that are done, so the list does not grow forever.
        connections.retain(|c| !c.is_finished());
    }
    // Closing the listener first: a new client is refused at once, not left waiting.
    drop(listener);
    for connection in connections {
        let _ = connection.join();
    }
    Ok(())
}

pub fn handle(mut stream: TcpStream) -> io::Result<()> {
    let mut buf = Vec::new();
    if let Some(request) = kit::read_request(&mut stream, &mut buf)? {
        kit::answer(&mut stream, &request, true)?;
    }
    kit::close_gently(stream);
    Ok(())
}
